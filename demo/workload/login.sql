-- Login: find the user by e-mail address.
\set uid random(1, 20000)
SELECT id, name, country FROM users WHERE email = 'user' || :uid || '@example.com';
