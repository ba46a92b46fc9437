// Statement capture: executor and utility hooks that time every statement
// and hand it to the store.
#pragma once

namespace insights::pg {

void install_capture_hooks();

}  // namespace insights::pg
