import { summarizeSql } from './sql-summary';

describe('summarizeSql', () => {
  it.each([
    ['SELECT * FROM users WHERE id = 42', 'SELECT * FROM users WHERE id = ?', 'SELECT', 'users'],
    ["select name from users where name = 'O''Brien' and x = -1.5e3", 'select name from users where name = ? and x = -?', 'SELECT', 'users'],
    ["SELECT * FROM t1 WHERE a = E'it\\'s' AND b = $1", 'SELECT * FROM t1 WHERE a = ? AND b = $1', 'SELECT', 't1'],
    ['SELECT $tag$secret$tag$, $$also secret$$ FROM t', 'SELECT ?, ? FROM t', 'SELECT', 't'],
    ['SELECT "Name" FROM "public"."Users" WHERE flag = true', 'SELECT "Name" FROM "public"."Users" WHERE flag = ?', 'SELECT', 'public.Users'],
    ["INSERT INTO orders (id, note) VALUES (1, 'x'), (0x1F, 'y')", 'INSERT INTO orders (id, note) VALUES (?, ?), (?, ?)', 'INSERT', 'orders'],
    ["UPDATE users SET name = 'a' -- 'comment secret'\n WHERE id = 3", 'UPDATE users SET name = ? WHERE id = ?', 'UPDATE', 'users'],
    ['DELETE FROM sessions /* who: alice */ WHERE age > 30', 'DELETE FROM sessions WHERE age > ?', 'DELETE', 'sessions'],
    ['CREATE TABLE IF NOT EXISTS users_2 (id int)', 'CREATE TABLE IF NOT EXISTS users_2 (id int)', 'CREATE', 'users_2'],
    ['SELECT 1', 'SELECT ?', 'SELECT', undefined],
    ['SELECT * FROM (SELECT 1) AS sub', 'SELECT * FROM (SELECT ?) AS sub', 'SELECT', undefined],
    ['BEGIN', 'BEGIN', 'BEGIN', undefined],
    ["SELECT 'unterminated", 'SELECT ?', 'SELECT', undefined],
    ['', '', undefined, undefined],
  ])('PostgreSQL: %j', (sql, text, operation, collection) => {
    expect(summarizeSql(sql, 'postgresql')).toEqual({ text, operation, collection });
  });

  it.each([
    ['SELECT * FROM `users` WHERE name = "Ada" AND id = ?', 'SELECT * FROM `users` WHERE name = ? AND id = ?', 'SELECT', 'users'],
    ["SELECT * FROM t WHERE a = 'it\\'s' # trailing secret", 'SELECT * FROM t WHERE a = ?', 'SELECT', 't'],
    ['REPLACE INTO kv VALUES (X\'0A\', 2)', 'REPLACE INTO kv VALUES (?, ?)', 'REPLACE', 'kv'],
    ['UPDATE LOW_PRIORITY stock SET n = n - 1', 'UPDATE LOW_PRIORITY stock SET n = n - ?', 'UPDATE', 'stock'],
  ])('MySQL: %j', (sql, text, operation, collection) => {
    expect(summarizeSql(sql, 'mysql')).toEqual({ text, operation, collection });
  });
});
