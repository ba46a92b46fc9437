#!/usr/bin/python3
"""Opens an HTML file in a real headless Chromium over the DevTools protocol
and prints what test/integration/report_html_browser.sh checks, as JSON:
console errors and exceptions, the charts and their bars, the elements the
page holds, what sorting does, and the screenshot's pixel statistics.

Usage: report_html_browser.py CHROMIUM PORT PROFILE_DIR FILE.html SCREENSHOT.png
Debian packages: chromium, python3-websocket, python3-pil.
"""
import base64
import io
import json
import subprocess
import sys
import time
import urllib.request

import websocket  # python3-websocket
from PIL import Image, ImageStat  # python3-pil

chromium, port, profile, page_file, shot_file = sys.argv[1:6]

browser = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
     "--disable-extensions", "--disable-background-networking", "--disable-sync",
     "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}",
     f"--user-data-dir={profile}", "--window-size=1280,1600", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    # The DevTools endpoint: bounded wait (30 s).
    target = None
    deadline = time.time() + 30
    while time.time() < deadline and target is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            target = pages[0] if pages else None
        except OSError:
            time.sleep(0.2)
    if target is None:
        sys.exit("no DevTools page target on port " + port)
    ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
    next_id = [0]
    events = []

    def call(method, **params):
        next_id[0] += 1
        ws.send(json.dumps({"id": next_id[0], "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == next_id[0]:
                if "error" in message:
                    sys.exit(f"{method}: {message['error']}")
                return message.get("result", {})
            events.append(message)

    def wait_for(method, seconds=30):
        deadline = time.time() + seconds
        for e in events:
            if e.get("method") == method:
                return e
        while time.time() < deadline:
            message = json.loads(ws.recv())
            events.append(message)
            if message.get("method") == method:
                return message
        sys.exit("timed out waiting for " + method)

    def evaluate(expression):
        result = call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            sys.exit("evaluate failed: " + json.dumps(result["exceptionDetails"]))
        return result["result"].get("value")

    for domain in ("Page", "Runtime", "Log"):
        call(domain + ".enable")
    call("Page.navigate", url="file://" + page_file)
    wait_for("Page.loadEventFired")
    time.sleep(0.3)  # late console messages

    facts = evaluate(r"""(() => {
      const bars = {};
      document.querySelectorAll('.chart[data-kind=histogram]').forEach(c => {
        bars[c.dataset.key] = c.querySelectorAll('svg rect.bar').length; });
      const points = {};
      document.querySelectorAll('.chart[data-kind=calls], .chart[data-kind=p95]').forEach(c => {
        points[c.dataset.kind + ':' + c.dataset.fingerprint] = c.querySelectorAll('svg circle.point').length; });
      const withHandlers = Array.from(document.querySelectorAll('*')).filter(e =>
        Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on'))).length;
      // Sort by calls, then read the column: it must not increase.
      const table = document.getElementById('statement-table');
      let sortedByCalls = null;
      if (table) {
        const th = table.querySelector('th[data-sort=calls]');
        th.click();
        const values = Array.from(table.tBodies[0].rows).map(r => parseFloat(r.cells[th.cellIndex].dataset.v));
        sortedByCalls = values.every((v, i) => i === 0 || values[i - 1] >= v);
      }
      return {
        title: document.title,
        histograms: bars,
        series_points: points,
        img: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        elements_with_handlers: withHandlers,
        statement_rows: table ? table.tBodies[0].rows.length : 0,
        sorted_by_calls: sortedByCalls,
        text: document.body.innerText,
        sections: Array.from(document.querySelectorAll('h2')).map(h => h.id),
      };
    })()""")

    shot = call("Page.captureScreenshot", format="png")
    with open(shot_file, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("L")
    stat = ImageStat.Stat(image)
    facts["screenshot"] = {"width": image.width, "height": image.height,
                           "stddev": stat.stddev[0], "mean": stat.mean[0],
                           "distinct_grays": len(image.getcolors(256) or [])}

    errors = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            errors.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            errors.append("console." + p["type"] + ": " + json.dumps(p.get("args", []))[:300])
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            errors.append("log: " + p["entry"].get("text", "")[:300])
    facts["console_errors"] = errors
    print(json.dumps(facts))
    ws.close()
finally:
    browser.terminate()
    try:
        browser.wait(timeout=10)
    except subprocess.TimeoutExpired:
        browser.kill()
        browser.wait()
