"""Held-out templates (blind evaluation, group "holdout5"): developer tools whose content is code or queries.

An online judge for competitive programming (C++/Python/Java submissions, custom
test input, clarifications), a regex tester with a pattern library, an
interactive SQL tutorial sandbox (learners' SELECT / JOIN / GROUP BY exercises
against a sample shop schema), a CI pipeline editor (GitHub Actions and GitLab
CI YAML with shell steps, JUnit reports), an infrastructure-as-code runner
(Terraform HCL, variables, run comments), a configuration-management job
launcher (Ansible playbooks, extra vars, INI inventories, ad-hoc commands), an
API-client workspace sync (collections with pre-request JavaScript and
`{{variables}}`, curl imports) and a log query console (LogQL, PromQL and jq in
parameters and bodies).

They exist because in these products code is the ordinary content: `cin >> n`,
`#include <bits/stdc++.h>`, `(?<year>\\d{4})`, `LEFT JOIN orders o ON ...
GROUP BY c.name`, `run: |` steps with `$(git rev-parse --short HEAD)`,
`<<-EOT` heredocs, `{{ inventory_hostname }}`, `pm.environment.set(...)`,
`{app="api"} |= "error" | json` -- all of which a naive filter reads as an
attack. None of it is an attack shape (no quote break-outs, probes or
traversal); every value a user or client controls is a slot, the code bodies
included, so generated attacks land in code context. The apps are written the
way their own teams would build them (their own parameter names, JSON:API,
Django-style filters, Postman's collection format), independently of the
train modules, and are never trained on.
"""

from __future__ import annotations

import json
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps,
    empty_file,
    form,
    form_headers,
    header_slot,
    j,
    json_param,
    multipart,
    preflight,
    qs,
    req,
    Request,
    rid,
    seg,
    site_headers,
    template,
    user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

_PEOPLE = (
    "Seán O'Brien",
    "Zoë D'Amico",
    "Nguyễn Thu Hà",
    "Łukasz Zieliński",
    "Renée Lefèvre",
    "Siobhán Ní Dhuibhir",
    "José Ángel Ruiz",
    "Björn Åström",
    "Ayşe Yıldırım",
    "Олена Коваленко",
    "山田 花子",
    "李明",
    "Chidi O'Connor-Eze",
    "Marie-Thérèse D'Arcy",
)


def _person(ctx: Ctx) -> str:
    """A name as people type it: Faker's in the request's locale, sometimes with apostrophes, diacritics or another script."""
    return ctx.pick(_PEOPLE) if ctx.chance(0.2) else v.full_name(ctx)


def _fill(code: str, **values: Any) -> str:
    """Put values into a code template's `@name@` markers (code is full of braces, so no str.format)."""
    for key, value in values.items():
        code = code.replace(f"@{key}@", str(value))
    return code


def _talk(ctx: Ctx, shop: tuple[str, ...]) -> str:
    """A comment as the app's users write it: mostly the app's own shop talk, else prose with traps or a note."""
    r = ctx.rng.random()
    if r < 0.55:
        return ctx.pick(shop)
    if r < 0.8:
        return v.prose(ctx, 1, 2, trap_rate=0.4)
    return user_note(ctx)


def _yaml_scalar(text: str) -> str:
    """A YAML scalar as people write it: plain where that is safe, single-quoted otherwise."""
    unsafe = text[:1] in "!&*{}[]|>'\"%@`#,?:-" or ": " in text or " #" in text or text != text.strip() or not text
    return "'" + text.replace("'", "''") + "'" if unsafe else text


def _indent(text: str, n: int) -> str:
    return "\n".join((" " * n + line) if line else line for line in text.splitlines())


def _bearer(ctx: Ctx, prefix: str) -> tuple[str, str]:
    """An opaque product token (not a JWT), as CLIs and CI jobs send it."""
    return ("Authorization", f"Bearer {prefix}{v.alnum_token(ctx, 14)}.{v.alnum_token(ctx, 40)}")


# --------------------------------------------------------------------------
# Online judge: submissions, custom invocations, clarifications, problem setting
# --------------------------------------------------------------------------

_CPP = (
    r"""#include <bits/stdc++.h>
using namespace std;
using ll = long long;
const ll MOD = @mod@;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int t;
    cin >> t;
    while (t--) {
        int n, k;
        cin >> n >> k;
        vector<ll> a(n);
        for (auto &x : a) cin >> x;
        sort(a.rbegin(), a.rend());
        ll ans = 0;
        for (int i = 0; i < min(n, k); i++) ans = (ans + a[i]) % MOD;
        cout << ans << '\n';
    }
    return 0;
}
""",
    r"""#include <bits/stdc++.h>
using namespace std;
typedef long long ll;
typedef pair<ll, int> pli;

int main() {
    int n, m;
    scanf("%d %d", &n, &m);
    vector<vector<pair<int, int>>> g(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v, w;
        scanf("%d %d %d", &u, &v, &w);
        g[u].push_back({v, w});
        g[v].push_back({u, w});
    }
    vector<ll> dist(n + 1, LLONG_MAX);
    priority_queue<pli, vector<pli>, greater<pli>> pq;
    dist[@src@] = 0;
    pq.push({0, @src@});
    while (!pq.empty()) {
        auto [d, u] = pq.top();
        pq.pop();
        if (d > dist[u]) continue;
        for (auto [v, w] : g[u])
            if (dist[u] + w < dist[v]) {
                dist[v] = dist[u] + w;
                pq.push({dist[v], v});
            }
    }
    for (int i = 1; i <= n; i++) printf("%lld%c", dist[i] == LLONG_MAX ? -1LL : dist[i], " \n"[i == n]);
}
""",
    r"""#include <iostream>
#include <numeric>
#include <vector>
using namespace std;

struct DSU {
    vector<int> p, sz;
    DSU(int n) : p(n), sz(n, 1) { iota(p.begin(), p.end(), 0); }
    int find(int x) { return p[x] == x ? x : p[x] = find(p[x]); }
    bool unite(int a, int b) {
        a = find(a), b = find(b);
        if (a == b) return false;
        if (sz[a] < sz[b]) swap(a, b);
        p[b] = a, sz[a] += sz[b];
        return true;
    }
};

int main() {
    int n, q;
    cin >> n >> q;
    DSU d(n + 1);
    int components = n;
    while (q--) {
        string op;
        int a, b;
        cin >> op >> a >> b;
        if (op == "union") components -= d.unite(a, b);
        else cout << (d.find(a) == d.find(b) ? "YES" : "NO") << "\n";
    }
    cerr << "components = " << components << endl;  // debug, @note@
}
""",
)
_PY = (
    r"""import sys
from collections import defaultdict, deque
input = sys.stdin.readline


def main():
    n, m = map(int, input().split())
    adj = defaultdict(list)
    for _ in range(m):
        u, v = map(int, input().split())
        adj[u].append(v)
        adj[v].append(u)
    dist = [-1] * (n + 1)
    dist[@src@] = 0
    q = deque([@src@])
    while q:
        u = q.popleft()
        for w in adj[u]:
            if dist[w] == -1:
                dist[w] = dist[u] + 1
                q.append(w)
    print(*dist[1:])


main()
""",
    r"""import sys


def solve():
    data = sys.stdin.buffer.read().split()
    n, W = int(data[0]), int(data[1])
    dp = [0] * (W + 1)
    for i in range(n):
        w, val = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        for c in range(W, w - 1, -1):
            if dp[c - w] + val > dp[c]:
                dp[c] = dp[c - w] + val
    print(max(dp) % @mod@)  # @note@


if __name__ == "__main__":
    solve()
""",
)
_JAVA = (
    r"""import java.io.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader br = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer st = new StringTokenizer(br.readLine());
        int n = Integer.parseInt(st.nextToken());
        long[] pre = new long[n + 1];
        st = new StringTokenizer(br.readLine());
        for (int i = 1; i <= n; i++) pre[i] = pre[i - 1] + Long.parseLong(st.nextToken());
        int q = Integer.parseInt(br.readLine().trim());
        StringBuilder sb = new StringBuilder();
        while (q-- > 0) {
            st = new StringTokenizer(br.readLine());
            int l = Integer.parseInt(st.nextToken()), r = Integer.parseInt(st.nextToken());
            sb.append(pre[r] - pre[l - 1]).append('\n');
        }
        System.out.print(sb);
    }
}
""",
    r"""import java.util.*;

public class Main {
    // @note@
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt();
        TreeMap<Integer, Integer> cnt = new TreeMap<>();
        for (int i = 0; i < n; i++) cnt.merge(in.nextInt(), 1, Integer::sum);
        long best = 0;
        for (Map.Entry<Integer, Integer> e : cnt.entrySet()) {
            Integer prev = cnt.lowerKey(e.getKey());
            if (prev != null && e.getKey() - prev <= @k@) best = Math.max(best, (long) e.getValue() + cnt.get(prev));
            else best = Math.max(best, e.getValue());
        }
        System.out.println(best);
    }
}
""",
)
_LANGS = (
    ("cpp", "GNU G++20 13.2 (64 bit, winlibs)", "cpp20-gcc13"),
    ("cpp", "Clang++17 Diagnostics", "cpp17-clang17"),
    ("py", "Python 3.12", "python3.12"),
    ("py", "PyPy 3.10 (7.3.15, 64bit)", "pypy3.10"),
    ("java", "Java 21 64bit", "java21"),
)
_JUDGE_TAGS = (
    "dp",
    "greedy",
    "graphs",
    "shortest paths",
    "dsu",
    "binary search",
    "two pointers",
    "math",
    "number theory",
    "constructive algorithms",
    "bitmasks",
    "trees",
    "strings",
    "implementation",
    "data structures",
)


def _judge_code(ctx: Ctx, lang: str) -> str:
    """A contestant's solution: one of the well-known shapes, with their own constants and debug notes."""
    note = ctx.pick(
        ("TLE on test 14 with endl", "upsolved after the editorial", "O(n log n)", "remove before submit", f"by {ctx.fake.user_name()}", "WA6 -- overflow?")
    )
    pool = {"cpp": _CPP, "py": _PY, "java": _JAVA}[lang]
    code = _fill(
        ctx.pick(pool),
        mod=ctx.pick(("1000000007", "998244353", "1e9 + 7" if lang == "cpp" else "(10**9 + 7)")),
        src=ctx.pick((0, 1)),
        note=note,
        k=ctx.rng.randint(1, 3),
    )
    if lang == "cpp" and ctx.chance(0.4):
        code = f"// {ctx.fake.user_name()} -- problem {_problem_id(ctx)}\n#pragma GCC optimize(\"O3,unroll-loops\")\n" + code
    return code


def _problem_id(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(1700, 2060)}{ctx.pick('ABCDEFG')}{ctx.pick(('', '', '1', '2'))}"


def _judge_input(ctx: Ctx) -> str:
    """A custom test as contestants type it: a count, sizes, then arrays or edges (sometimes a trailing blank line)."""
    t = ctx.rng.randint(1, 3)
    lines = [str(t)]
    for _ in range(t):
        n = ctx.rng.randint(1, 8)
        lines.append(f"{n} {ctx.rng.randint(1, n)}")
        lines.append(" ".join(str(ctx.rng.randint(-(10**9), 10**9) if ctx.chance(0.2) else ctx.rng.randint(1, 100)) for _ in range(n)))
    if ctx.chance(0.3):
        lines = [f"{ctx.rng.randint(2, 6)} {ctx.rng.randint(1, 8)}"] + [
            f"{ctx.rng.randint(1, 6)} {ctx.rng.randint(1, 6)} {ctx.rng.randint(1, 50)}" for _ in range(ctx.rng.randint(1, 8))
        ]
    return "\n".join(lines) + ctx.pick(("\n", "", "\n\n"))


def _clarification(ctx: Ctx) -> str:
    return _talk(
        ctx,
        (
            "Can the answer exceed 2^31 - 1? My int solution fails on test 7 -- should I use long long?",
            "Is the graph guaranteed to be connected? The statement says 1 <= n <= 2*10^5 but not m >= n - 1.",
            "Output format: must it be 'YES'/'NO' or is any case accepted (e.g. \"yes\")?",
            f"Problem {ctx.pick('ABCDE')}: for the input '3 3\\n1 2 3' the sample says 5, I get 6 -- is the sample right?",
            "Are the a_i pairwise distinct? If a_i = a_j, which index do we print?",
            "Can k be 0? Constraints say 0 <= k <= n but the note says k >= 1.",
            "My solution gets 'Idleness limit exceeded' on the interactive problem -- do I need to flush after every query (cout << endl)?",
            "Is the union of the segments allowed to be empty? Then what do we output -- -1 or 0?",
        ),
    )


@template("holdout5", ("/arenajudge/",), weight=1.1)
def arena_online_judge(ctx: Ctx) -> Request:
    """Online judge: submissions (JSON, multipart with a source file), custom invocations with stdin, clarifications, problem filters, editorials, tests."""
    kind = ctx.pick(("submit", "submit", "upload", "run", "run", "clarify", "browse", "editorial", "setter"))
    contest = str(ctx.rng.randint(1700, 2060))
    lang, lang_name, lang_id = ctx.pick(_LANGS)
    if kind == "submit":
        body: dict[str, Any] = {
            "contestId": int(contest),
            "problemIndex": ctx.pick("ABCDEFG"),
            "programTypeId": lang_id,
            "source": j(ctx, "source", _judge_code(ctx, lang)),
            "tabSize": ctx.pick((2, 4)),
            "_tta": ctx.rng.randint(100, 999),
        }
        return req(
            "POST",
            f"/arenajudge/api/contests/{contest}/submissions",
            site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", ctx.pick((None, "jwt"))),
            body=dumps(ctx, body),
        )
    if kind == "upload":  # the classic submit form: source pasted into the textarea, or a file chosen (the other input left empty)
        ext, mime = {"cpp": ("cpp", "text/x-c++src"), "py": ("py", "text/x-python"), "java": ("java", "text/x-java")}[lang]
        fields = [("csrf_token", v.hex_token(ctx, 32)), ("submittedProblemIndex", ctx.pick("ABCDEF")), ("programTypeId", lang_name)]
        if ctx.chance(0.4):
            ctype, body2 = multipart(ctx, fields + [("source", _judge_code(ctx, lang))], [empty_file("sourceFile")])
        else:
            source = str(ctx.slot("multipart", "sourceFile", _judge_code(ctx, lang)))
            file_name = ctx.pick((f"main.{ext}", f"{ctx.pick('abcdef')}.{ext}", f"sol_{ctx.rng.randint(1, 9)}.{ext}"))
            ctype, body2 = multipart(ctx, fields + [("source", "")], [("sourceFile", file_name, ctx.pick((mime, "application/octet-stream")), source)])
        return req("POST", f"/arenajudge/contest/{contest}/submit", form_headers(ctx, f"/arenajudge/contest/{contest}/submit", ctype), body=body2)
    if kind == "run":
        r = ctx.rng.random()
        if r < 0.6:
            body = {
                "language": lang_id,
                "source": j(ctx, "source", _judge_code(ctx, lang)),
                "stdin": j(ctx, "stdin", _judge_input(ctx)),
                "timeLimitMs": ctx.pick((1000, 2000, 3000)),
                "memoryLimitMb": 256,
            }
            return req("POST", "/arenajudge/api/custom-invocations", site_headers(ctx, "xhr", "application/json"), body=dumps(ctx, body))
        if r < 0.85:
            run = v.alnum_token(ctx, 10)
            return req(
                ctx.pick(("GET", "GET", "HEAD")),
                f"/arenajudge/api/custom-invocations/{seg(ctx, 'invocation', run)}",
                headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
                qs(ctx, [("include", ctx.pick(("stdout,stderr", "verdict", "stdout,stderr,exitCode")))]),
            )
        return preflight(ctx, "/arenajudge/api/custom-invocations", ("POST",), ("content-type", "authorization,content-type"))
    if kind == "clarify":
        fields2 = [("csrf_token", v.hex_token(ctx, 32)), ("problem", ctx.pick(("General", "A", "B", "C", "D", "E"))), ("question", _clarification(ctx))]
        return req(
            "POST",
            f"/arenajudge/contest/{contest}/clarifications",
            form_headers(ctx, f"/arenajudge/contest/{contest}"),
            body=form(ctx, fields2, fixed=("csrf_token",)),
        )
    if kind == "browse":
        if ctx.chance(0.25):
            sub = str(ctx.rng.randrange(10**8, 4 * 10**8))
            return req(
                ctx.pick(("GET", "HEAD")),
                f"/arenajudge/api/submissions/{seg(ctx, 'submission', sub)}",
                headers_for(ctx, ctx.pick(("mobile", "sdk")), auth="jwt"),
                qs(ctx, [("with", ctx.pick(("tests", "source", "tests,source")))]),
            )
        lo = ctx.rng.randrange(800, 2800, 100)
        pairs = [
            ("tags", ",".join(ctx.rng.sample(_JUDGE_TAGS, ctx.rng.randint(1, 3)))),
            ("minRating", lo),
            ("maxRating", lo + ctx.rng.randrange(100, 800, 100)),
            (
                "q",
                ctx.pick(
                    ("", "a+b", "k-th smallest", "O(n log n)", "x & (x - 1)", "n <= 10^5", "dp on trees", "select k elements", "union of segments", "mex")
                ),
            ),
            ("order", ctx.pick(("BY_SOLVED_DESC", "BY_RATING_ASC", "BY_ID_DESC"))),
        ]
        return req("GET", "/arenajudge/problemset", headers_for(ctx, "nav", cookies=ctx.chance(0.6)), qs(ctx, pairs))
    if kind == "editorial":
        code, fence = _judge_code(ctx, lang), {"cpp": "cpp", "py": "python", "java": "java"}[lang]
        text = (
            f"**{_problem_id(ctx)}** -- let $dp_i$ be the best answer for the first $i$ elements; then "
            f"$dp_i = \\max(dp_{{i-1}}, dp_{{i-2}} + a_i)$. Sorting first gives $O(n \\log n)$ overall.\n\n"
            f"Careful: the answer can reach $10^{{18}}$, so `int` overflows -- use `long long`.\n\n```{fence}\n{code}```\n\n"
            + _talk(ctx, ("Thanks to @" + ctx.fake.user_name() + " for testing!", "Sorry for the weak pretests on C :("))
        )
        body = {
            "title": j(
                ctx,
                "title",
                ctx.pick((f"Editorial of Round #{ctx.rng.randint(900, 990)} (Div. 2)", f"{ctx.fake.user_name()}'s upsolving notes", "Why my D got hacked")),
            ),
            "content": j(ctx, "content", text),
            "tags": [ctx.pick(_JUDGE_TAGS)],
            "locale": ctx.pick(("en", "ru")),
        }
        blog = str(ctx.rng.randint(100000, 140000))
        return req(
            ctx.pick(("PATCH", "PUT")),
            f"/arenajudge/api/blog/entries/{seg(ctx, 'entry', blog)}",
            headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
            body=dumps(ctx, body),
        )
    problem, test_no = _problem_id(ctx), ctx.rng.randint(1, 80)
    if ctx.chance(0.3):
        return req(
            "DELETE", f"/arenajudge/setter/problems/{seg(ctx, 'problem', problem)}/tests/{test_no}", headers_for(ctx, "sdk", extra=(_bearer(ctx, "ajp_"),))
        )
    return req(
        "PUT",
        f"/arenajudge/setter/problems/{seg(ctx, 'problem', problem)}/tests/{test_no}",
        headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", extra=(_bearer(ctx, "ajp_"),)),
        body=str(ctx.slot("multipart", "test.input", _judge_input(ctx))),
    )


# --------------------------------------------------------------------------
# Regex tester and library: patterns with flags, test strings, substitutions, unit tests
# --------------------------------------------------------------------------

_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    (r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", "gm", "E-mail address (pragmatic)", "jane.doe+news@example.co.uk\nnot-an-email@\nO'Brien@example.ie"),
    (r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b", "g", "IPv4 address", "from 10.0.3.14 to 192.168.1.255; bad: 256.1.1.1"),
    (
        r"(?<year>\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\d|3[01])",
        "g",
        "ISO 8601 date, named groups",
        "Released 2024-03-07, patched 2024-13-01 (invalid)",
    ),
    (r"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^\w\s]).{12,}$", "", "Password policy (lookaheads)", "Tr0ub4dor&3xyz\npassword123"),
    (
        r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\w+) ([^" ]+) HTTP/[\d.]+" (\d{3}) (\d+|-)',
        "gm",
        "nginx combined log line",
        '203.0.113.7 - - [12/Mar/2025:10:14:03 +0000] "GET /products?page=2&sort=price HTTP/1.1" 200 5123\n'
        '198.51.100.23 - - [12/Mar/2025:10:14:05 +0000] "POST /api/cart HTTP/2.0" 201 -',
    ),
    (r"<(h[1-6])[^>]*>(.*?)</\1>", "gis", "HTML headings with backreference", '<h2 class="title">Getting started</h2>\n<h3>FAQ &amp; tips</h3>'),
    (
        r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([\da-zA-Z-]+(?:\.[\da-zA-Z-]+)*))?(?:\+([\da-zA-Z-]+(?:\.[\da-zA-Z-]+)*))?$",
        "gm",
        "Semantic version",
        "1.0.0\n2.4.1-rc.1+build.5\n01.2.3",
    ),
    (r'^[A-Za-z]:\\(?:[^\\/:*?"<>|\r\n]+\\)*[^\\/:*?"<>|\r\n]*$', "gm", "Windows path", "C:\\Users\\renee\\Documents\\report.docx\nD:\\backups\\"),
    (
        r"(?i)^\s*(select|update|delete)\b.*?\bfrom\b\s+(\w+)",
        "gm",
        "SQL statement -> table name (for a migration linter)",
        "SELECT id, email FROM users WHERE created_at > now() - interval '7 days';\ndelete from sessions where expires_at < now();",
    ),
    (r"^\s*(?:#|//)\s*(TODO|FIXME|XXX)\b:?\s*(.*)$", "gm", "TODO comments", "# TODO: drop the legacy table after the migration\n// FIXME(seán): off-by-one"),
    (r"\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}", "g", "Shell ${VAR:-default}", 'exec "${APP_BIN:-/usr/local/bin/app}" --port "${PORT:-8080}"'),
    (r"^\+?1?[-. (]*(\d{3})[-. )]*(\d{3})[-. ]*(\d{4})$", "gm", "North-American phone number", "(415) 555-0199\n+1 212.555.0143\n555-01"),
    (r"(?<=^|\s)#[\p{L}\d_]+", "gu", "Hashtags (Unicode)", "Loving #München and #東京 -- #100DaysOfCode"),
    (r"\b[A-Z]{2}\d{2}(?: ?[A-Z\d]{4}){3,7}(?: ?[A-Z\d]{1,3})?\b", "g", "IBAN (loose)", "DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432"),
    (
        r"https?://(?:www\.)?[-\w@:%.+~#=]{1,256}\.[a-z]{2,6}\b(?:[-\w@:%+.~#?&/=]*)",
        "gi",
        "URL",
        "see https://example.com/docs?page=2&lang=fr#install or http://localhost:3000/",
    ),
    (
        r"^(?<key>[\w.-]+)\s*=\s*(?<value>\"[^\"]*\"|[^#\n]*?)\s*(?:#.*)?$",
        "gm",
        ".env / INI key = value",
        'DATABASE_URL="postgres://app@db:5432/app"\nDEBUG = false  # off in prod',
    ),
)
_FLAVORS = ("pcre2", "ecmascript", "python", "golang", "java8", "dotnet", "rust")
_SUBSTITUTIONS = ("$<day>/$<month>/$<year>", "$2 -- $1", r"\1", "[$&]", "", "${1}***", "<mark>$0</mark>", r"\g<year>")


def _regex_case(ctx: Ctx) -> tuple[str, str, str, str]:
    """A pattern, its flags, a title and test strings; flags and test text vary the way users tweak them."""
    pattern, flags, title, text = ctx.pick(_PATTERNS)
    if ctx.chance(0.3):
        flags = "".join(sorted(set(flags + ctx.pick(("i", "m", "x", "s", "")))))
    if ctx.chance(0.3):
        text += "\n" + ctx.pick((ctx.fake.email(), ctx.fake.ipv4(), v.iso_date(ctx), ctx.fake.phone_number(), ctx.fake.url(), v.sentence(ctx)))
    return pattern, flags, title, text


@template("holdout5", ("/patternbench/",), weight=1.0)
def pattern_bench_regex(ctx: Ctx) -> Request:
    """Regex tester: save/update patterns (JSON), share links and embeds (query), library search and submissions (form),
    unit tests (JSON array), test strings from a file."""
    kind = ctx.pick(("save", "save", "embed", "library", "submit", "tests", "file", "manage"))
    pattern, flags, title, text = _regex_case(ctx)
    fragment = v.alnum_token(ctx, 6)
    if kind == "save":
        body: dict[str, Any] = {
            "regex": j(ctx, "regex", pattern),
            "flags": j(ctx, "flags", flags),
            "delimiter": ctx.pick(("/", "/", "~", "#", '"')),
            "flavor": ctx.pick(_FLAVORS),
            "testString": j(ctx, "testString", text),
            "substitution": j(ctx, "substitution", ctx.pick(_SUBSTITUTIONS)),
            "title": j(ctx, "title", ctx.pick((title, "", f"{title} -- {ctx.fake.first_name()}'s version"))),
            "permalinkFragment": fragment if ctx.chance(0.5) else None,
            "version": ctx.rng.randint(1, 12) if ctx.chance(0.5) else None,
            "libraryEntry": False,
        }
        if ctx.chance(0.5):
            return req("POST", "/patternbench/api/regex", site_headers(ctx, "xhr", "application/json"), body=dumps(ctx, body))
        return req("PUT", f"/patternbench/api/regex/{seg(ctx, 'fragment', fragment)}", site_headers(ctx, "xhr", "application/json"), body=dumps(ctx, body))
    if kind == "embed":
        if ctx.chance(0.4):
            return req(
                "GET",
                f"/patternbench/r/{seg(ctx, 'fragment', fragment)}/{ctx.rng.randint(1, 9)}",
                headers_for(ctx, "nav", referer=ctx.pick((None, "https://stackoverflow.com/questions/" + str(rid(ctx))))),
            )
        pairs = [
            ("re", pattern),
            ("flags", flags),
            ("flavor", ctx.pick(_FLAVORS)),
            ("test", text if len(text) < 200 else text[:200]),
            ("theme", ctx.pick(("dark", "light"))),
        ]
        return req(
            "GET",
            "/patternbench/embed",
            headers_for(ctx, "nav", referer=f"https://{ctx.en.domain_name()}/blog/{v.slug(ctx)}"),
            qs(ctx, pairs, fixed=("theme",)),
        )
    if kind == "library":
        pairs = [
            (
                "search",
                ctx.pick(("email", "ipv4", "semver", "date dd/mm/yyyy", "c++ comments", "[A-Z]{2}\\d+", "password", "url", "O'Reilly isbn", "html tag")),
            ),
            ("flavor", ctx.pick(("", "pcre2", "python", "ecmascript"))),
            ("orderBy", ctx.pick(("MOST_POINTS", "RECENT", "RELEVANCE"))),
            ("page", ctx.rng.randint(1, 6)),
        ]
        return req("GET", "/patternbench/api/library", headers_for(ctx, ctx.pick(("xhr", "sdk"))), qs(ctx, pairs, fixed=("orderBy", "page")))
    if kind == "submit":
        fields = [
            ("_token", v.alnum_token(ctx, 40)),
            ("title", title),
            (
                "description",
                _talk(
                    ctx,
                    (
                        "Matches most real-world addresses; deliberately not RFC 5322 -- see the unit tests for what it rejects.",
                        "Uses lookaheads, so it won't work in Go (RE2 has no (?=...)). Use the python flavor.",
                        "Named groups (?<year>...) need PCRE2 / .NET / JS ES2018+; for Python write (?P<year>...).",
                        "Careful with catastrophic backtracking on (a+)+ -- this version is linear.",
                    ),
                ),
            ),
            ("regex", pattern),
            ("flags", flags),
            ("flavor", ctx.pick(_FLAVORS)),
            ("testString", text),
            ("author", _person(ctx)),
        ]
        return req("POST", "/patternbench/library/submit", form_headers(ctx, "/patternbench/library/submit"), body=form(ctx, fields, fixed=("_token",)))
    if kind == "tests":
        lines = [ln for ln in text.splitlines() if ln] or [text]
        tests = [
            {
                "description": j(
                    ctx, f"[{i}].description", ctx.pick((f"matches {line[:30]}", "rejects the invalid one", "group 1 is the year", v.sentence(ctx)))
                ),
                "testString": j(ctx, f"[{i}].testString", line),
                "criteria": ctx.pick(("DOES_MATCH", "DOES_NOT_MATCH", "GROUP_MATCH")),
                "group": ctx.rng.randint(0, 2),
                "target": "REGEX",
            }
            for i, line in enumerate(lines[:5])
        ]
        return req(
            "PUT",
            f"/patternbench/api/regex/{seg(ctx, 'fragment', fragment)}/{ctx.rng.randint(1, 9)}/unit-tests",
            site_headers(ctx, "xhr", "application/json"),
            body=dumps(ctx, tests),
        )
    if kind == "file":
        sample = "\n".join(
            ctx.pick(
                (
                    f'{ctx.fake.ipv4()} - - [{ctx.rng.randint(10, 28)}/Mar/2025:{ctx.rng.randint(10, 23)}:{ctx.rng.randint(10, 59)}:07 +0000] '
                    f'"GET /{v.slug(ctx)}?id={ctx.rng.randint(1, 999)} HTTP/1.1" {ctx.pick((200, 304, 404, 500))} {ctx.rng.randint(0, 9000)}',
                    f"{v.iso_datetime(ctx)} ERROR [{ctx.pick(('worker-3', 'main', 'http-nio-8080-exec-7'))}] {v.sentence(ctx)}",
                    f"{ctx.fake.email()};{ctx.fake.phone_number()};{ctx.fake.city()}",
                )
            )
            for _ in range(ctx.rng.randint(3, 12))
        )
        content = str(ctx.slot("multipart", "testFile", sample))
        ctype, body2 = multipart(
            ctx, [("regex", pattern), ("flags", flags)], [("testFile", ctx.pick(("access.log", "sample.txt", "export.csv")), "text/plain", content)]
        )
        return req("POST", "/patternbench/api/test-strings/upload", site_headers(ctx, "xhr", ctype), body=body2)
    if ctx.chance(0.3):
        return preflight(ctx, "/patternbench/api/regex", ("POST", "PUT", "DELETE"), ("content-type", "content-type,x-delete-code"))
    return req(
        "DELETE",
        f"/patternbench/api/regex/{seg(ctx, 'fragment', fragment)}",
        headers_for(ctx, "xhr", cookies=True, extra=(("X-Delete-Code", v.hex_token(ctx, 20)),)),
        qs(ctx, [("version", ctx.pick(("all", str(ctx.rng.randint(1, 9)))))]),
    )


# --------------------------------------------------------------------------
# SQL tutorial sandbox: exercises against a sample shop schema, shared links, discussion
# --------------------------------------------------------------------------

_COUNTRIES = ("Germany", "Brazil", "France", "USA", "Japan", "Ireland", "Côte d'Ivoire", "México", "UK")
_CATEGORIES = ("Beverages", "Condiments", "Confections", "Dairy Products", "Seafood", "Produce")
_LESSONS = (
    "select-basics",
    "filtering-with-where",
    "sorting-and-limit",
    "joins-inner-and-left",
    "group-by-and-having",
    "subqueries",
    "ctes-and-window-functions",
    "modifying-data",
    "self-joins",
    "case-expressions",
    "null-handling",
)


def _csv_quoted(value: Any) -> str:
    """A CSV cell's inside: double quotes doubled (the caller wraps it in quotes)."""
    return str(value).replace('"', '""')


def _lesson_sql(ctx: Ctx) -> str:
    """A learner's query for the lesson at hand: the SQL a tutorial teaches, right or with the usual beginner mistakes."""
    country, category, n = ctx.pick(_COUNTRIES).replace("'", "''"), ctx.pick(_CATEGORIES), ctx.rng.randint(2, 10)
    year = ctx.rng.randint(2019, 2025)
    return ctx.pick(
        (
            f"SELECT name, city\nFROM customers\nWHERE country = '{country}'\nORDER BY name;",
            f"select * from products where category = '{category}' and price < {ctx.rng.randint(5, 60)} order by price desc limit {n}",
            "SELECT c.name, COUNT(o.order_id) AS order_count\nFROM customers c\nLEFT JOIN orders o ON o.customer_id = c.customer_id\n"
            f"GROUP BY c.name\nHAVING COUNT(o.order_id) >= {n}\nORDER BY order_count DESC;",
            "SELECT category, ROUND(AVG(price), 2) AS avg_price, COUNT(*) AS products\nFROM products\nGROUP BY category\nORDER BY avg_price DESC;",
            "-- employees and their managers (self join)\nSELECT e.first_name || ' ' || e.last_name AS employee,\n       m.last_name AS manager\n"
            "FROM employees e\nLEFT JOIN employees m ON m.employee_id = e.manager_id;",
            "SELECT name FROM customers WHERE name LIKE 'O''%' OR city IN ('São Paulo', 'Köln', 'Zürich');",
            "WITH monthly AS (\n  SELECT strftime('%Y-%m', o.order_date) AS month,\n         SUM(oi.quantity * oi.unit_price) AS revenue\n"
            "  FROM orders o\n  JOIN order_items oi USING (order_id)\n  GROUP BY 1\n)\nSELECT month, revenue,\n"
            "       revenue - LAG(revenue) OVER (ORDER BY month) AS change\nFROM monthly;",
            "SELECT p.name, p.price\nFROM products p\nWHERE p.price > (SELECT AVG(price) FROM products)\nORDER BY p.price;",
            f"SELECT status, COUNT(*) AS n\nFROM orders\nWHERE order_date BETWEEN '{year}-01-01' AND '{year}-03-31'\nGROUP BY status;",
            "SELECT city FROM customers\nUNION\nSELECT city FROM suppliers\nORDER BY city;",
            "SELECT name,\n       CASE WHEN price < 10 THEN 'budget'\n"
            "            WHEN price < 50 THEN 'mid-range'\n            ELSE 'premium' END AS tier\nFROM products;",
            "SELECT department, first_name, salary,\n       RANK() OVER (PARTITION BY department ORDER BY salary DESC) AS rnk\nFROM employees;",
            "SELECT country, COUNT(*) FROM customers GROUP BY country HAVING COUNT(*) > 5",
            "SELECT name, COUNT(*) FROM customers GROUP BY country;  -- why is this an error?",
            "SELECT c.name, o.order_id\nFROM customers c, orders o\nWHERE c.customer_id = o.customer_id\n  AND o.status = 'shipped';",
            f"UPDATE products SET price = ROUND(price * 1.1, 2) WHERE category = '{category}';\n"
            f"SELECT name, price FROM products WHERE category = '{category}';",
            "DELETE FROM order_items WHERE quantity = 0;\nSELECT changes();",
            "INSERT INTO customers (name, city, country) VALUES ('Seán O''Neill', 'Galway', 'Ireland');\n"
            f"SELECT * FROM customers ORDER BY customer_id DESC LIMIT {n};",
            "SELECT o.order_id, COALESCE(s.company_name, '(no shipper)') AS shipper\nFROM orders o\n"
            "LEFT JOIN shippers s ON s.shipper_id = o.ship_via\nWHERE o.shipped_date IS NULL;",
            "CREATE TABLE wishlist (\n  customer_id INTEGER REFERENCES customers(customer_id),\n  product_id INTEGER REFERENCES products(product_id),\n"
            "  added_at TEXT DEFAULT CURRENT_TIMESTAMP,\n  PRIMARY KEY (customer_id, product_id)\n);",
        )
    )


def _learner_post(ctx: Ctx) -> str:
    sql = _lesson_sql(ctx)
    question = _talk(
        ctx,
        (
            "Why does my LEFT JOIN turn into an inner join as soon as I add WHERE o.status = 'shipped'?",
            "Is COUNT(*) different from COUNT(o.order_id) after a LEFT JOIN? I get 1 for customers with no orders.",
            "I get \"misuse of aggregate: COUNT()\" -- what am I doing wrong?",
            "What's the difference between WHERE and HAVING here? Both seem to work.",
            "The checker says my rows are right but the order is wrong -- do I need ORDER BY even if the exercise doesn't say so?",
            "Why do I need '' (two single quotes) for O'Neill? Backslash doesn't work in SQLite.",
            "UNION removed my duplicates -- should I use UNION ALL for this exercise?",
        ),
    )
    return f"{question}\n\n```sql\n{sql}\n```" if ctx.chance(0.75) else f"{question}\n\n    {sql.replace(chr(10), chr(10) + '    ')}"


_GQL_PROGRESS = (
    "mutation SaveAttemptNote($lessonSlug: String!, $note: String!, $sql: String) {\n  saveAttemptNote(lessonSlug: $lessonSlug, note: $note, sql: $sql) {\n"
    "    id\n    updatedAt\n  }\n}"
)
_GQL_LESSON = (
    "query LessonProgress($slug: String!, $withSolutions: Boolean = false) {\n  lesson(slug: $slug) {\n    title\n    exercises { id prompt completed "
    "lastAttempt { sql passed } solution @include(if: $withSolutions) }\n  }\n}"
)


@template("holdout5", ("/sqlschoolyard/",), weight=1.1)
def sql_schoolyard_tutorial(ctx: Ctx) -> Request:
    """SQL tutorial sandbox: exercise attempts (JSON), sandbox runs (form), shared query links, GraphQL progress, discussion,
    CSV tables, teacher assignments."""
    kind = ctx.pick(("attempt", "attempt", "sandbox", "share", "graphql", "discuss", "table", "assign", "misc"))
    lesson = ctx.pick(_LESSONS)
    db = ctx.pick(("shop", "shop", "chinook", "hr"))
    if kind == "attempt":
        body: dict[str, Any] = {
            "exerciseId": f"{lesson}/{ctx.rng.randint(1, 12)}",
            "sql": j(ctx, "sql", _lesson_sql(ctx)),
            "engine": ctx.pick(("sqlite-3.45", "postgres-16")),
            "mode": ctx.pick(("run", "check", "check")),
            "hintsUsed": ctx.rng.randint(0, 3),
            "elapsedMs": ctx.rng.randint(2000, 900000),
        }
        return req(
            "POST",
            f"/sqlschoolyard/api/lessons/{seg(ctx, 'lesson', lesson)}/attempts",
            site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", ctx.pick((None, "jwt"))),
            body=dumps(ctx, body),
        )
    if kind == "sandbox":
        fields = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            ("db", db),
            ("query", _lesson_sql(ctx)),
            ("max_rows", ctx.pick(("100", "500"))),
            ("explain", ctx.pick(("0", "1"))),
        ]
        return req(
            "POST", "/sqlschoolyard/sandbox/run", form_headers(ctx, "/sqlschoolyard/sandbox"), body=form(ctx, fields, fixed=("authenticity_token", "max_rows"))
        )
    if kind == "share":
        return req(
            "GET",
            "/sqlschoolyard/sandbox",
            headers_for(ctx, "nav", referer=ctx.pick((None, "https://discord.com/", f"https://{ctx.en.domain_name()}/"))),
            qs(ctx, [("db", db), ("sql", _lesson_sql(ctx)), ("autorun", ctx.pick(("1", "0")))], fixed=("autorun",)),
        )
    if kind == "graphql":
        if ctx.chance(0.5):
            body = {
                "operationName": "SaveAttemptNote",
                "query": _GQL_PROGRESS,
                "variables": {
                    "lessonSlug": lesson,
                    "note": j(
                        ctx,
                        "variables.note",
                        _talk(
                            ctx,
                            (
                                "GROUP BY before ORDER BY, HAVING filters groups (WHERE filters rows).",
                                "Remember: NULL = NULL is not true -- use IS NULL.",
                                "LEFT JOIN + WHERE on the right table = inner join!",
                            ),
                        ),
                    ),
                    "sql": j(ctx, "variables.sql", _lesson_sql(ctx)),
                },
            }
        else:
            body = {
                "operationName": "LessonProgress",
                "query": _GQL_LESSON,
                "variables": {"slug": j(ctx, "variables.slug", lesson), "withSolutions": ctx.chance(0.2)},
            }
        return req("POST", "/sqlschoolyard/graphql", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "discuss":
        body = {
            "body_md": j(ctx, "body_md", _learner_post(ctx)),
            "exercise": ctx.rng.randint(1, 12),
            "reply_to": ctx.pick((None, rid(ctx))),
            "author_display": j(ctx, "author_display", _person(ctx)),
        }
        return req(
            "POST", f"/sqlschoolyard/api/lessons/{seg(ctx, 'lesson', lesson)}/comments", site_headers(ctx, "xhr", "application/json"), body=dumps(ctx, body)
        )
    if kind == "table":
        rows = ["product_id,name,category,price,notes"]
        for i in range(ctx.rng.randint(2, 15)):
            name = ctx.pick(
                (
                    "Chef Anton's Cajun Seasoning",
                    "Côte de Blaye",
                    "Sir Rodney's Scones",
                    "Gumbär Gummibärchen",
                    "Jack's New England Clam Chowder",
                    f"{ctx.fake.last_name()}'s Tea",
                    "Queso \"Manchego\" La Pastora",
                )
            )
            note = ctx.pick(("", "discontinued", "12 x 12 oz jars; price incl. VAT", v.sentence(ctx)))
            if i == 0:
                name, note = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.notes", note)
            rows.append(
                f'{i + 1},"{_csv_quoted(name)}",{ctx.pick(_CATEGORIES)},{v.money(ctx, 2, 120)},"{_csv_quoted(note)}"'
            )
        ctype, body2 = multipart(
            ctx,
            [("table_name", ctx.pick(("my_products", "products_copy", "snacks"))), ("if_exists", ctx.pick(("replace", "fail")))],
            [("file", ctx.pick(("products.csv", "my data.csv")), "text/csv", "\n".join(rows) + "\n")],
        )
        return req(
            "POST", f"/sqlschoolyard/api/sandboxes/{seg(ctx, 'sandbox', v.alnum_token(ctx, 8))}/tables", site_headers(ctx, "xhr", ctype, "jwt"), body=body2
        )
    if kind == "assign":
        body = {
            "title": j(
                ctx, "title", ctx.pick((f"Week {ctx.rng.randint(1, 12)}: JOINs", "Top customers per country", f"{ctx.fake.first_name()}'s quiz -- GROUP BY"))
            ),
            "prompt_md": j(
                ctx,
                "prompt_md",
                ctx.pick(
                    (
                        "List every customer with the number of orders they placed, **including** customers with none. Sort by the count, highest first.",
                        "Which category has the highest average price? Show the category and the average rounded to 2 decimals.",
                        "Find products priced above the average -- use a subquery, not a hard-coded number.",
                    )
                ),
            ),
            "solution_sql": j(ctx, "solution_sql", _lesson_sql(ctx)),
            "checker": {"ordered": ctx.chance(0.5), "ignoreColumnNames": ctx.chance(0.5)},
            "dueAt": v.iso_datetime(ctx),
            "dataset": db,
        }
        return req(
            "PUT",
            f"/sqlschoolyard/api/classrooms/{ctx.rng.randint(100, 9999)}/assignments/{seg(ctx, 'assignment', str(rid(ctx)))}",
            headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=(("If-Match", f'W/"{ctx.rng.randint(1, 30)}"'),)),
            body=dumps(ctx, body),
        )
    r = ctx.rng.random()
    if r < 0.35:
        return req(
            ctx.pick(("GET", "HEAD")),
            f"/sqlschoolyard/api/datasets/{seg(ctx, 'dataset', db)}/schema",
            headers_for(ctx, ctx.pick(("xhr", "mobile"))),
            qs(ctx, [("format", ctx.pick(("erd", "ddl", "json")))]),
        )
    if r < 0.8:
        return req("DELETE", f"/sqlschoolyard/api/me/saved-queries/{seg(ctx, 'query', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/sqlschoolyard/graphql", ("POST",), ("content-type", "authorization,content-type"))


# --------------------------------------------------------------------------
# CI pipeline editor: GitHub Actions / GitLab CI YAML, lint, runs, JUnit reports, logs
# --------------------------------------------------------------------------

_SHELL_STEPS = (
    "npm ci\nnpm run build --if-present",
    "set -euo pipefail\nnpm test -- --coverage --reporters=default --reporters=jest-junit",
    "python -m pip install --upgrade pip\npip install -r requirements.txt -r requirements-dev.txt",
    "pytest -q --junitxml=reports/junit.xml --cov=src --cov-report=xml",
    'echo "sha_short=$(git rev-parse --short HEAD)" >> "$GITHUB_OUTPUT"',
    'docker build --pull -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA" .\ndocker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA"',
    'echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
    "find . -name '*.pyc' -delete\nrm -rf dist/ build/\npython -m build",
    'for f in migrations/*.sql; do\n  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f "$f"\ndone',
    "go vet ./...\ngo test ./... -race -count=1 2>&1 | tee test.log",
    "terraform fmt -check -recursive\nterraform validate",
    'helm upgrade --install api ./chart -n "$KUBE_NAMESPACE" \\\n  --set image.tag="$CI_COMMIT_SHORT_SHA" --wait --timeout 5m',
    "apt-get update -qq && apt-get install -y -qq jq > /dev/null",
    'VERSION=$(jq -r .version package.json)\necho "Releasing v$VERSION"\ngit tag -a "v$VERSION" -m "Release v$VERSION" && git push origin "v$VERSION"',
    'test -z "$(git status --porcelain)" || { echo "::error::generated files are stale -- run make gen"; exit 1; }',
    'curl -sSf -X POST -H "Content-Type: application/json" \\\n  -d "{\\"text\\": \\"Deployed ${GITHUB_SHA::7} to staging\\"}" "$SLACK_WEBHOOK_URL"',
    "cargo clippy --all-targets -- -D warnings\ncargo test --locked",
    './gradlew test --no-daemon -Dorg.gradle.jvmargs="-Xmx2g"',
    'export PATH="$HOME/.local/bin:$PATH"\npoetry install --no-interaction --with dev',
    "npx playwright install --with-deps chromium\nnpx playwright test --reporter=junit,line",
)
_GHA_ACTIONS = (
    "actions/checkout@v4",
    "actions/setup-node@v4",
    "actions/setup-python@v5",
    "actions/cache@v4",
    "docker/setup-buildx-action@v3",
    "actions/upload-artifact@v4",
    "hashicorp/setup-terraform@v3",
)


def _gha_workflow(ctx: Ctx, script_slot: str) -> tuple[str, str]:
    """A GitHub Actions workflow whose fourth step runs `script_slot` (already slotted); returns (file name, YAML)."""
    name = ctx.pick(("CI", "tests", "build-and-deploy", "nightly e2e", "release"))
    trigger = ctx.pick(
        (
            "  push:\n    branches: [main]\n  pull_request:\n    paths-ignore: ['docs/**', '**/*.md']",
            "  push:\n    tags: ['v*']\n  workflow_dispatch:\n    inputs:\n      environment:\n        type: choice\n        options: [staging, production]",
            "  schedule:\n    - cron: '17 3 * * 1-5'\n  workflow_dispatch: {}",
        )
    )
    steps = [f"      - uses: {_GHA_ACTIONS[0]}"]
    setup = ctx.pick(_GHA_ACTIONS[1:])
    steps.append(
        f"      - uses: {setup}\n        with:\n          node-version: ${{{{ matrix.node }}}}\n          cache: npm"
        if "node" in setup
        else f"      - uses: {setup}"
    )
    steps.append(
        '      - name: Compute version\n        id: vars\n        run: |\n          echo "sha_short=$(git rev-parse --short HEAD)" >> "$GITHUB_OUTPUT"'
    )
    steps.append(
        f"      - name: {_yaml_scalar(ctx.pick(('Test', 'Build', 'Run migrations', 'Lint & test', 'Deploy')))}\n        run: |\n{_indent(script_slot, 10)}"
    )
    if ctx.chance(0.6):
        steps.append(
            f"      - name: Publish\n        if: github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')\n        run: |\n"
            f"{_indent(ctx.pick(_SHELL_STEPS), 10)}\n        env:\n          NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}\n"
            f"          REGISTRY: ghcr.io/${{{{ github.repository }}}}"
        )
    doc = (
        f"name: {_yaml_scalar(name)}\non:\n{trigger}\npermissions:\n  contents: read\nconcurrency:\n  group: ${{{{ github.workflow }}}}-${{{{ github.ref }}}}\n"
        f"  cancel-in-progress: true\njobs:\n  {ctx.pick(('test', 'build', 'deploy'))}:\n"
        f"    runs-on: {ctx.pick(('ubuntu-latest', 'ubuntu-24.04', '[self-hosted, linux, x64]'))}\n"
        f"    timeout-minutes: {ctx.pick((10, 20, 45))}\n    strategy:\n      matrix:\n        node: [18, 20, 22]\n    steps:\n" + "\n".join(steps) + "\n"
    )
    return ctx.pick(("ci.yml", "deploy.yml", "nightly.yml", "release.yaml")), doc


def _gitlab_ci(ctx: Ctx, script_slot: str) -> str:
    """A .gitlab-ci.yml whose test job runs `script_slot` (already slotted) as a literal block."""
    image = ctx.pick(("python:3.12-slim", "node:20-alpine", "golang:1.22", "maven:3.9-eclipse-temurin-21"))
    return (
        f"stages: [lint, test, build, deploy]\n\nvariables:\n  PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"\n  DOCKER_TLS_CERTDIR: \"/certs\"\n\n"
        f"default:\n  image: {image}\n  cache:\n    key: ${{CI_COMMIT_REF_SLUG}}\n    paths: [.cache/pip, node_modules/]\n\n"
        "lint:\n  stage: lint\n  script:\n"
        f"    - {_yaml_scalar(ctx.pick(('ruff check .', 'npm run lint', 'golangci-lint run ./...', 'mvn -q spotless:check')))}\n\n"
        f"test:\n  stage: test\n  script:\n    - |\n{_indent(script_slot, 6)}\n  artifacts:\n    when: always\n    reports:\n      junit: reports/junit.xml\n"
        "  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n\n"
        f"deploy:\n  stage: deploy\n  image: alpine/helm:3.14\n  before_script:\n    - |\n"
        '      echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"\n'
        f"  script:\n    - |\n{_indent(ctx.pick(_SHELL_STEPS), 6)}\n"
        f"  environment:\n    name: {ctx.pick(('staging', 'production'))}\n    url: https://{ctx.en.domain_name()}\n  when: manual\n"
    )


def _junit(ctx: Ctx, suite_hint: str) -> str:
    """A JUnit XML report as jest-junit / pytest / Playwright write it; the first failing case's name and message are slots."""
    cases = []
    failures = 0
    for i in range(ctx.rng.randint(2, 7)):
        name = ctx.pick(
            (
                "rejects a quantity < 1",
                "returns 404 for an unknown order id",
                "renders O'Brien's profile",
                "handles \"quoted\" CSV cells",
                "parses 'a && b' filters",
                "select all -> delete removes the rows",
                f"test_{ctx.en.word()}_{ctx.en.word()}",
                v.sentence(ctx)[:60],
            )
        )
        failed = i == 0 or ctx.chance(0.15)
        message = ctx.pick(
            (
                "expect(received).toBe(expected) // Object.is equality",
                "AssertionError: assert 400 == 201",
                "TimeoutError: locator.click: Timeout 5000ms exceeded.",
                "psycopg.errors.UniqueViolation: duplicate key value violates unique constraint \"users_email_key\"",
            )
        )
        if i == 0:
            name, message = ctx.slot("xml", "testcase.name", name), ctx.slot("xml", "failure.message", message)
        received = ctx.pick(("400", '[{"id": 3}]', "false"))
        detail = (
            f"Expected: {ctx.pick(('201', '[]', 'true'))}\nReceived: {enc_xml(received)}\n"
            f"    at Object.&lt;anonymous&gt; ({suite_hint}:{ctx.rng.randint(10, 300)}:{ctx.rng.randint(3, 40)})"
        )
        inner = f'\n      <failure message="{enc_xml(str(message))}" type="AssertionError">{detail}</failure>\n    ' if failed else ""
        failures += failed
        cases.append(f'    <testcase classname="{enc_xml(suite_hint)}" name="{enc_xml(str(name))}" time="{ctx.rng.uniform(0.001, 9):.3f}">{inner}</testcase>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="{ctx.pick(("jest tests", "pytest", "Playwright"))}" tests="{len(cases)}" failures="{failures}" errors="0" '
        f'time="{ctx.rng.uniform(1, 300):.3f}">\n'
        f'  <testsuite name="{enc_xml(suite_hint)}" tests="{len(cases)}" failures="{failures}" timestamp="{v.iso_datetime(ctx)[:19]}">\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


@template("holdout5", ("/workflowsmith/",), weight=1.1)
def workflow_smith_ci_editor(ctx: Ctx) -> Request:
    """CI editor: commit workflow files (JSON), lint (JSON), raw YAML saves, pipeline runs with variables (form), JUnit uploads (XML), log search, schedules."""
    kind = ctx.pick(("commit", "commit", "lint", "raw", "trigger", "junit", "logs", "schedule"))
    project = ctx.rng.randint(100, 99999)
    owner, repo = ctx.fake.user_name(), ctx.pick(("api", "web", "infra", "mobile-app", ctx.en.word()))
    if kind == "commit":
        file_name, doc = _gha_workflow(ctx, str(ctx.slot("json", "content.steps[2].run", ctx.pick(_SHELL_STEPS))))
        body: dict[str, Any] = {
            "message": j(
                ctx,
                "message",
                ctx.pick(
                    (
                        f"ci: cache {ctx.pick(('npm', 'pip', 'gradle'))} deps",
                        "Run e2e only on main -- too slow for PRs",
                        "fix(ci): quote $GITHUB_OUTPUT",
                        f"Update {file_name}",
                        v.sentence(ctx),
                    )
                ),
            ),
            "content": doc,
            "sha": v.hex_token(ctx, 40),
            "branch": j(ctx, "branch", ctx.pick(("main", f"ci/{v.slug(ctx)}", "feature/matrix-node-22"))),
            "committer": {"name": j(ctx, "committer.name", _person(ctx)), "email": ctx.fake.email()},
        }
        return req(
            "PUT",
            f"/workflowsmith/api/repos/{seg(ctx, 'owner', owner)}/{repo}/contents/.github/workflows/{file_name}",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "lint":
        doc = _gitlab_ci(ctx, str(ctx.slot("json", "content.test.script", ctx.pick(_SHELL_STEPS))))
        body = {
            "content": doc,
            "dry_run": ctx.chance(0.5),
            "include_jobs": True,
            "ref": j(ctx, "ref", ctx.pick(("main", "develop", f"mr/{ctx.rng.randint(1, 900)}"))),
        }
        return req(
            "POST",
            f"/workflowsmith/api/projects/{project}/ci/lint",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", extra=(("PRIVATE-TOKEN", "glpat-" + v.alnum_token(ctx, 20)),)),
            body=dumps(ctx, body),
        )
    if kind == "raw":
        doc = _gitlab_ci(ctx, str(ctx.slot("multipart", "test.script", ctx.pick(_SHELL_STEPS))))
        return req(
            "PUT",
            f"/workflowsmith/editor/{project}/raw/{seg(ctx, 'ref', ctx.pick(('main', 'develop')))}/.gitlab-ci.yml",
            site_headers(ctx, "xhr", ctx.pick(("application/yaml", "text/yaml; charset=utf-8", "application/x-yaml")), "jwt"),
            body=doc,
        )
    if kind == "trigger":
        fields = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            ("ref", ctx.pick(("main", "release/2.4", f"hotfix/{v.slug(ctx)}"))),
            ("variables[DEPLOY_ENV]", ctx.pick(("staging", "production", "review"))),
            ("variables[EXTRA_HELM_ARGS]", ctx.pick(("--set replicas=3 --set resources.limits.memory=1Gi", "", "--atomic --timeout 10m"))),
            ("variables[RUN_E2E]", ctx.pick(("true", "false"))),
            ("variables[NOTE]", _talk(ctx, ("Redeploy after the DB failover -- no code changes", "Re-run: flaky 'select all' test"))),
        ]
        return req(
            "POST",
            f"/workflowsmith/projects/{project}/pipelines",
            form_headers(ctx, f"/workflowsmith/projects/{project}/pipelines/new"),
            body=form(ctx, fields, fixed=("authenticity_token",)),
        )
    if kind == "junit":
        suite = ctx.pick(("src/orders/orders.test.ts", "tests/test_api.py", "e2e/checkout.spec.ts"))
        return req(
            "POST",
            f"/workflowsmith/api/projects/{project}/jobs/{ctx.rng.randrange(10**6, 10**8)}/reports/junit",
            headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), extra=(("JOB-TOKEN", v.alnum_token(ctx, 24)),)),
            body=_junit(ctx, suite),
        )
    if kind == "logs":
        job = str(ctx.rng.randrange(10**6, 10**8))
        if ctx.chance(0.25):
            return req(
                "HEAD", f"/workflowsmith/api/projects/{project}/jobs/{seg(ctx, 'job', job)}/artifacts/reports/junit.xml", headers_for(ctx, "sdk", auth="basic")
            )
        pairs = [
            (
                "search",
                ctx.pick(
                    ("error", "npm ERR!", "exit code 137", "FAILED tests/", "Permission denied (publickey)", "::error::", "No space left on device", "--> ")
                ),
            ),
            ("context", ctx.pick(("0", "3", "10"))),
            ("section", ctx.pick(("", "step_script", "after_script"))),
        ]
        return req(
            "GET", f"/workflowsmith/api/projects/{project}/jobs/{seg(ctx, 'job', job)}/trace", headers_for(ctx, "xhr"), qs(ctx, pairs, fixed=("context",))
        )
    r = ctx.rng.random()
    if r < 0.55:
        body = {
            "description": j(
                ctx, "description", _talk(ctx, ("Nightly e2e -- skip on weekends", "Weekly dependency audit (npm audit && pip-audit)", "Rebuild base images"))
            ),
            "cron": ctx.pick(("0 3 * * 1-5", "*/30 * * * *", "15 2 * * 0", "0 */6 * * *")),
            "cron_timezone": ctx.pick(("UTC", "Europe/Berlin", "America/New_York")),
            "ref": "main",
            "active": ctx.chance(0.8),
        }
        return req(
            "PATCH",
            f"/workflowsmith/api/projects/{project}/pipeline_schedules/{seg(ctx, 'schedule', str(ctx.rng.randint(1, 400)))}",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if r < 0.85:
        return req(
            "DELETE",
            f"/workflowsmith/api/projects/{project}/caches",
            headers_for(ctx, "xhr", auth="jwt"),
            qs(ctx, [("key", ctx.pick(("npm-main", "pip-${CI_COMMIT_REF_SLUG}", "gradle-7d1c", "all")))]),
        )
    return preflight(ctx, f"/workflowsmith/api/projects/{project}/ci/lint", ("POST", "PUT"), ("content-type,private-token", "authorization,content-type"))


# --------------------------------------------------------------------------
# Infrastructure-as-code runner: Terraform files, workspace variables, runs, comments
# --------------------------------------------------------------------------

_TF_BLOCKS = (
    r'''resource "aws_security_group" "web" {
  name        = "${local.name}-web"
  description = "@desc@"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description = "HTTPS from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = var.ssh_cidrs
    content {
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}''',
    r'''resource "aws_instance" "web" {
  count         = var.enabled ? var.instance_count : 0
  ami           = data.aws_ami.ubuntu.id
  instance_type = var.instance_type
  subnet_id     = element(module.vpc.private_subnets, count.index)

  # @desc@
  user_data = <<-EOT
    #!/bin/bash
    set -euxo pipefail
    apt-get update -y && apt-get install -y nginx
    echo "${local.name}-${count.index}" > /var/www/html/index.html
    systemctl enable --now nginx
  EOT

  tags = merge(local.tags, { Name = "${local.name}-web-${count.index}" })

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [ami]
  }
}''',
    r'''resource "aws_iam_policy" "read_bucket" {
  name        = "${local.name}-read-${var.bucket}"
  description = "@desc@"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::${var.bucket}", "arn:aws:s3:::${var.bucket}/*"]
    }]
  })
}''',
    r'''module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.5.2"

  # @desc@
  name            = local.name
  cidr            = "10.@net@.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  private_subnets = [for i in range(3) : cidrsubnet("10.@net@.0.0/16", 8, i)]
  public_subnets  = [for i in range(3) : cidrsubnet("10.@net@.0.0/16", 8, i + 100)]

  enable_nat_gateway = true
  single_nat_gateway = var.env != "production"
}''',
    r'''resource "google_sql_database_instance" "main" {
  name             = "${var.project}-${var.env}-pg"
  database_version = "POSTGRES_16"
  region           = var.region

  settings {
    tier = var.env == "production" ? "db-custom-4-16384" : "db-f1-micro"
    database_flags {
      name  = "log_min_duration_statement"
      value = "500"
    }
    user_labels = { team = "data", note = "@desc@" }
  }

  deletion_protection = true
}''',
    r'''resource "azurerm_linux_web_app" "api" {
  for_each            = { for s in var.sites : s.name => s }
  name                = "app-${each.key}-${var.env}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_plan_id     = azurerm_service_plan.main.id

  app_settings = {
    "DATABASE_URL"     = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.db.id})"
    "FEATURE_FLAGS"    = join(",", each.value.flags)
    "MAINTENANCE_TEXT" = "@desc@"
  }
}''',
)
_TF_DESCS = (
    "HTTPS from the internet, SSH from the office VPN only",
    "Managed by Terraform -- do not edit in the console!",
    "Read-only access for the reporting job",
    "We'll be back soon -- scheduled maintenance",
    "Owner: platform team (#infra on Slack)",
    "TODO: drop once the migration to eu-central-1 is done",
)


def _hcl_file(ctx: Ctx, desc: str) -> str:
    """A .tf file as engineers write it: provider pins, variables with validation, locals, one or two resource blocks."""
    header = (
        'terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n'
        '      source  = "hashicorp/aws"\n      version = "~> 5.40"\n    }\n  }\n}\n\n'
        'variable "env" {\n  type        = string\n  description = "Deployment environment (staging | production)"\n  validation {\n'
        '    condition     = contains(["staging", "production"], var.env)\n    error_message = "The env must be \\"staging\\" or \\"production\\"."\n  }\n}\n\n'
        'locals {\n  name = "${var.project}-${var.env}"\n  tags = merge(var.tags, { Environment = var.env, ManagedBy = "terraform" })\n}\n'
    )
    blocks = ctx.rng.sample(range(len(_TF_BLOCKS)), ctx.rng.randint(1, 2))
    body = "\n\n".join(_fill(_TF_BLOCKS[b], desc=desc if i == 0 else ctx.pick(_TF_DESCS), net=ctx.rng.randint(0, 250)) for i, b in enumerate(blocks))
    tail = ctx.pick(("", '\n\noutput "web_ips" {\n  value       = aws_instance.web[*].private_ip\n  description = "Private IPs, one per AZ"\n}\n'))
    return (header if ctx.chance(0.6) else "") + "\n" + body + "\n" + tail


def _tf_value(ctx: Ctx) -> tuple[str, bool]:
    """A workspace variable's value and whether it is HCL."""
    return ctx.pick(
        (
            (f'["10.{ctx.rng.randint(0, 250)}.1.0/24", "10.{ctx.rng.randint(0, 250)}.2.0/24"]', True),
            ('{ Environment = "prod", Owner = "team-data", CostCenter = "CC-1042" }', True),
            (ctx.pick(("t3.medium", "m6i.large", "db.r6g.large", "Standard_B2s")), False),
            (ctx.pick(("true", "false", "3")), False),
            ('[{ name = "api", flags = ["new-checkout", "dark-mode"] }, { name = "admin", flags = [] }]', True),
            (f"{ctx.pick(('eu-west-1', 'europe-west3', 'westeurope'))}", False),
            ('"${var.project}-logs"', True),
        )
    )


def _run_message(ctx: Ctx) -> str:
    return _talk(
        ctx,
        (
            f"Bump RDS to db.r6g.large -- approved in CHG-{ctx.rng.randint(1000, 9999)}",
            f"Triggered via API: merge of PR #{ctx.rng.randint(10, 2000)} 'Add WAF rules for /admin'",
            "Drift fix: someone changed the SG in the console (again)",
            f"Destroy the review env for {ctx.fake.user_name()}/{v.slug(ctx)}",
            "terraform apply -target=module.vpc -- first step of the VPC split",
        ),
    )


def _jsonapi_headers(ctx: Ctx, profile: str, with_body: bool) -> list[list[str]]:
    """The runner's clients (CLI, CI jobs, the web UI) send JSON:API with an opaque team token."""
    ctype = "application/vnd.api+json" if with_body else None
    return headers_for(ctx, profile, content_type=ctype, accept="application/vnd.api+json", extra=(_bearer(ctx, ctx.pick(("", "tfu-", "team-"))),))


@template("holdout5", ("/stackplanner/",), weight=1.0)
def stack_planner_iac(ctx: Ctx) -> Request:
    """IaC runner (JSON:API): workspace variables, runs with targets, run comments, .tf file edits (text), tfvars uploads, workspace search and settings."""
    kind = ctx.pick(("var", "var", "run", "comment", "file", "tfvars", "list", "settings"))
    ws = "ws-" + v.alnum_token(ctx, 16)
    if kind == "var":
        var_id = "var-" + v.alnum_token(ctx, 16)
        if ctx.chance(0.1):
            return req("DELETE", f"/stackplanner/api/v2/workspaces/{ws}/vars/{seg(ctx, 'var', var_id)}", _jsonapi_headers(ctx, "xhr", False))
        value, hcl = _tf_value(ctx)
        key = ctx.pick(("private_subnets", "tags", "instance_type", "enabled", "sites", "region", "log_bucket", "TF_LOG", "AWS_DEFAULT_REGION"))
        attrs = {
            "key": j(ctx, "data.attributes.key", key),
            "value": j(ctx, "data.attributes.value", value),
            "hcl": hcl,
            "sensitive": ctx.chance(0.15),
            "category": "env" if key.isupper() else "terraform",
            "description": j(
                ctx,
                "data.attributes.description",
                _talk(
                    ctx,
                    ("CIDRs for the private subnets, one per AZ", "Passed to every resource's tags", "Set to false to scale the web tier to 0 at night", ""),
                ),
            ),
        }
        if ctx.chance(0.5):
            body: dict[str, Any] = {"data": {"type": "vars", "attributes": attrs}}
            return req(
                "POST",
                f"/stackplanner/api/v2/workspaces/{seg(ctx, 'workspace', ws)}/vars",
                _jsonapi_headers(ctx, ctx.pick(("sdk", "xhr")), True),
                body=dumps(ctx, body),
            )
        body = {"data": {"id": var_id, "type": "vars", "attributes": attrs}}
        return req("PATCH", f"/stackplanner/api/v2/workspaces/{ws}/vars/{seg(ctx, 'var', var_id)}", _jsonapi_headers(ctx, "xhr", True), body=dumps(ctx, body))
    if kind == "run":
        targets = [
            j(
                ctx,
                f"data.attributes.target-addrs[{i}]",
                ctx.pick(
                    (
                        'module.vpc',
                        'aws_instance.web[0]',
                        'module.db.aws_db_instance.this["primary"]',
                        'azurerm_linux_web_app.api["admin"]',
                        'aws_security_group.web',
                    )
                ),
            )
            for i in range(ctx.rng.randint(0, 2))
        ]
        value, _ = _tf_value(ctx)
        body = {
            "data": {
                "type": "runs",
                "attributes": {
                    "message": j(ctx, "data.attributes.message", _run_message(ctx)),
                    "is-destroy": ctx.chance(0.1),
                    "plan-only": ctx.chance(0.3),
                    "auto-apply": ctx.chance(0.2),
                    "target-addrs": targets,
                    "variables": [
                        {"key": "instance_type", "value": j(ctx, "data.attributes.variables[0].value", json.dumps(value) if ctx.chance(0.5) else value)}
                    ],
                },
                "relationships": {"workspace": {"data": {"type": "workspaces", "id": ws}}},
            }
        }
        return req("POST", "/stackplanner/api/v2/runs", _jsonapi_headers(ctx, ctx.pick(("sdk", "sdk", "xhr")), True), body=dumps(ctx, body))
    if kind == "comment":
        run = "run-" + v.alnum_token(ctx, 16)
        text = _talk(
            ctx,
            (
                f"Plan shows `-/+ aws_instance.web[0]` (forces replacement) because user_data changed -- OK to apply? @{ctx.fake.user_name()}",
                "LGTM, but run `terraform state mv aws_s3_bucket.logs module.logs.aws_s3_bucket.this` first, otherwise it'll destroy the bucket!",
                "Why is `aws_db_instance.main` being replaced?? engine_version 15.4 -> 16.2 -- please use allow_major_version_upgrade instead.",
                "Sentinel soft-fail: `restrict-ingress-cidrs` -- 0.0.0.0/0 on port 443 is expected for the ALB, overriding.",
                f"Applied by {_person(ctx)} during the maintenance window (02:00-03:00 UTC).",
            ),
        )
        if ctx.chance(0.3):
            body = {"comment": j(ctx, "comment", text)}
            return req(
                "POST",
                f"/stackplanner/api/v2/runs/{seg(ctx, 'run', run)}/actions/{ctx.pick(('apply', 'discard', 'override'))}",
                _jsonapi_headers(ctx, "xhr", True),
                body=dumps(ctx, body),
            )
        body = {"data": {"type": "comments", "attributes": {"body": j(ctx, "data.attributes.body", text)}}}
        return req("POST", f"/stackplanner/api/v2/runs/{seg(ctx, 'run', run)}/comments", _jsonapi_headers(ctx, "xhr", True), body=dumps(ctx, body))
    if kind == "file":
        desc = str(ctx.slot("multipart", "hcl.description", ctx.pick(_TF_DESCS)))
        path = ctx.pick(("main.tf", "network.tf", "envs/prod/main.tf", "modules/web/main.tf", "iam.tf"))
        return req(
            "PUT",
            f"/stackplanner/editor/{seg(ctx, 'workspace', ws)}/files/{path}",
            site_headers(ctx, "xhr", ctx.pick(("text/plain; charset=utf-8", "text/plain")), None, cookies=True),
            body=_hcl_file(ctx, desc),
        )
    if kind == "tfvars":
        value, _ = _tf_value(ctx)
        value = str(ctx.slot("multipart", "tfvars.value", value))
        content = (
            f'env            = "{ctx.pick(("staging", "production"))}"\nproject        = "{ctx.pick(("shop", "billing", "data-platform"))}"\n'
            f"instance_count = {ctx.rng.randint(1, 6)}\nprivate_subnets = {value}\n# {ctx.pick(_TF_DESCS)}\n"
        )
        ctype, body2 = multipart(
            ctx,
            [("variable_set", ctx.pick(("prod-defaults", "eu-network", "team-data"))), ("overwrite", ctx.pick(("true", "false")))],
            [("file", ctx.pick(("terraform.tfvars", "prod.auto.tfvars", "vars.tfvars")), "application/octet-stream", content)],
        )
        return req(
            "POST",
            f"/stackplanner/app/workspaces/{seg(ctx, 'workspace', ws)}/variables/import",
            form_headers(ctx, f"/stackplanner/app/workspaces/{ws}/variables", ctype),
            body=body2,
        )
    if kind == "list":
        org = ctx.pick(("acme", "shop-platform", ctx.en.word()))
        if ctx.chance(0.3):
            plan = "plan-" + v.alnum_token(ctx, 16)
            return req(ctx.pick(("GET", "HEAD")), f"/stackplanner/api/v2/plans/{seg(ctx, 'plan', plan)}/json-output", _jsonapi_headers(ctx, "sdk", False))
        pairs = [
            ("search[name]", ctx.pick(("prod", "network-", "review-", "eu-west"))),
            ("search[tags]", ctx.pick(("env:prod", "team:data,tier:web", ""))),
            ("filter[project][id]", "prj-" + v.alnum_token(ctx, 16)),
            ("sort", ctx.pick(("-current-run.created-at", "name"))),
            ("page[number]", ctx.rng.randint(1, 5)),
            ("page[size]", ctx.pick((20, 50, 100))),
        ]
        return req(
            "GET",
            f"/stackplanner/api/v2/organizations/{seg(ctx, 'organization', org)}/workspaces",
            _jsonapi_headers(ctx, ctx.pick(("sdk", "xhr")), False),
            qs(ctx, pairs, fixed=("sort", "page[number]", "page[size]", "filter[project][id]")),
        )
    if ctx.chance(0.2):
        return preflight(ctx, f"/stackplanner/api/v2/workspaces/{ws}", ("PATCH", "DELETE"), ("authorization,content-type",))
    body = {
        "data": {
            "type": "workspaces",
            "attributes": {
                "working-directory": j(ctx, "data.attributes.working-directory", ctx.pick(("envs/prod", "infra/terraform", "stacks/network", ""))),
                "trigger-patterns": [j(ctx, "data.attributes.trigger-patterns[0]", ctx.pick(("/modules/**/*.tf", "/envs/prod/*.tfvars", "**/*.tf")))],
                "terraform-version": ctx.pick(("~> 1.7.0", "1.8.5", ">= 1.6, < 2.0")),
                "execution-mode": ctx.pick(("remote", "agent", "local")),
                "description": j(
                    ctx, "data.attributes.description", _talk(ctx, ("Production network -- changes need two approvals", "Review apps, destroyed nightly"))
                ),
            },
        }
    }
    return req("PATCH", f"/stackplanner/api/v2/workspaces/{seg(ctx, 'workspace', ws)}", _jsonapi_headers(ctx, "xhr", True), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Configuration-management launcher: job templates, extra vars, inventories, ad-hoc commands
# --------------------------------------------------------------------------

_AD_HOC = (
    ("shell", "df -h / /var | awk 'NR>1 {print $5, $6}'"),
    ("service", "name=nginx state=restarted"),
    ("command", "uptime"),
    ("shell", "journalctl -u app --since '-1h' --no-pager | grep -ci error"),
    ("apt", "name=openssl state=latest update_cache=yes"),
    ("shell", "ss -tlnp | grep ':5432'"),
    ("command", "systemctl is-active postgresql"),
    ("shell", "free -m && nproc"),
    ("copy", "src=files/motd dest=/etc/motd mode=0644"),
    ("shell", "ls -1t /srv/app/releases | tail -n +6 | xargs -r -I{} rm -rf /srv/app/releases/{}"),
    ("setup", "filter=ansible_distribution*"),
    ("win_shell", "Get-Service -Name W3SVC | Select-Object Status"),
)
_LIMITS = ("webservers:&prod:!web-03.example.com", "db*", "10.0.3.*", "all:!windows", "web-0[1:4]", "eu_west_1:&tag_role_api", "localhost")


def _extra_vars(ctx: Ctx) -> str:
    """Extra vars as operators paste them into the launch dialog: YAML (sometimes JSON), Jinja expressions included."""
    version = f"{ctx.rng.randint(1, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"
    if ctx.chance(0.25):
        return json.dumps(
            {"app_version": version, "rolling_batch": ctx.pick(("25%", 1, 2)), "notify_channel": "#deploys", "skip_migrations": ctx.chance(0.3)}, indent=2
        )
    msg = ctx.pick(
        ("We'll be back at 02:00 UTC -- sorry for the wait!", "Wartungsarbeiten bis 03:00 Uhr", "Maintenance en cours, merci de réessayer plus tard.")
    )
    return (
        f"---\napp_version: \"{version}\"\ndeploy_user: deploy\nnginx_server_names:\n  - {ctx.en.domain_name()}\n  - www.{ctx.en.domain_name()}\n"
        f"db_migrate: {ctx.pick(('true', 'false'))}\nmaintenance_message: {_yaml_scalar(msg)}\n"
        "release_dir: \"/srv/app/releases/{{ app_version }}\"\n"
        "backup_dest: \"s3://backups-{{ env | default('staging') }}/{{ inventory_hostname }}/{{ ansible_date_time.date }}\"\n"
    )


def _playbook(ctx: Ctx, task_note: str) -> str:
    """A deploy playbook with the usual modules, Jinja expressions, `when:` conditions and a shell task."""
    app = ctx.pick(("shop", "billing", "api", "wiki"))
    return (
        f"---\n- name: Deploy {app}\n  hosts: \"{{{{ target | default('webservers') }}}}\"\n  become: true\n  serial: \"{ctx.pick(('25%', '1', '2'))}\"\n"
        f"  vars:\n    release_dir: \"/srv/{app}/releases/{{{{ app_version }}}}\"\n\n  pre_tasks:\n    - name: Drain from the load balancer\n"
        "      ansible.builtin.uri:\n        url: \"http://{{ lb_host }}:8404/api/drain?server={{ inventory_hostname }}\"\n"
        "        method: POST\n      delegate_to: localhost\n\n"
        "  tasks:\n    - name: Ensure packages\n      ansible.builtin.apt:\n        name: [nginx, python3-venv, postgresql-client-16]\n        state: present\n"
        "        update_cache: true\n      when: ansible_os_family == \"Debian\"\n\n    - name: Harden sshd\n      ansible.builtin.lineinfile:\n"
        "        path: /etc/ssh/sshd_config\n        regexp: '^#?PermitRootLogin'\n        line: 'PermitRootLogin no'\n      notify: restart sshd\n\n"
        "    - name: Render nginx site\n      ansible.builtin.template:\n        src: templates/site.conf.j2\n"
        "        dest: \"/etc/nginx/sites-available/{{ site_name }}.conf\"\n        mode: \"0644\"\n\n"
        f"    - name: Run migrations  # {task_note}\n      ansible.builtin.shell: |\n        set -o pipefail\n"
        f"        cd {{{{ release_dir }}}} && ./venv/bin/python manage.py migrate --noinput 2>&1 | tee -a /var/log/{app}/migrate.log\n"
        "      args:\n        executable: /bin/bash\n      register: migrate_out\n"
        "      changed_when: \"'No migrations to apply' not in migrate_out.stdout\"\n\n"
        "  handlers:\n    - name: restart sshd\n      ansible.builtin.service:\n        name: ssh\n        state: restarted\n"
    )


def _inventory_ini(ctx: Ctx, host_var: str) -> str:
    """An INI inventory: groups, host vars, children and group vars (ProxyJump through a bastion)."""
    net = ctx.rng.randint(0, 250)
    webs = "\n".join(f"web-{i:02d}.{ctx.pick(('example.com', 'prod.internal'))} ansible_host=10.{net}.3.{10 + i}" for i in range(1, ctx.rng.randint(2, 5)))
    return (
        f"[webservers]\n{webs} {host_var}\n\n[dbservers]\ndb-01 ansible_host=10.{net}.4.5 postgres_role=primary\n"
        f"db-02 ansible_host=10.{net}.4.6 postgres_role=replica\n\n"
        "[prod:children]\nwebservers\ndbservers\n\n[prod:vars]\nansible_user=deploy\nansible_python_interpreter=/usr/bin/python3\n"
        f"ansible_ssh_common_args='-o ProxyJump=bastion.{ctx.en.domain_name()} -o StrictHostKeyChecking=accept-new'\n"
    )


def _ansible_junit(ctx: Ctx) -> str:
    """The junit callback's report of a playbook run: one case per task and host, failures with stderr."""
    cases = []
    failures = 0
    for i in range(ctx.rng.randint(2, 6)):
        host = f"web-{ctx.rng.randint(1, 9):02d}.example.com"
        task = ctx.pick(("Run migrations", "Render nginx site", "Ensure packages", "Harden sshd", "Wait for /healthz", "Restart app"))
        stderr = ctx.pick(
            (
                "django.db.utils.ProgrammingError: relation \"orders_order\" already exists",
                "nginx: [emerg] unknown directive \"proxy_pas\" in /etc/nginx/sites-enabled/shop.conf:14",
                "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4121 (unattended-upgr)",
                "Status code was 503 and not [200]: HTTP Error 503",
            )
        )
        name = f"[{host}] {ctx.pick(('deploy', 'nginx', 'common'))} : {task}"
        if i == 0:
            name, stderr = ctx.slot("xml", "testcase.name", name), ctx.slot("xml", "failure.stderr", stderr)
        failed = i == 0 or ctx.chance(0.1)
        failures += failed
        inner = f'<failure message="non-zero return code" type="failure">{enc_xml(str(stderr))}</failure>' if failed else ""
        cases.append(f'    <testcase classname="playbooks/deploy.yml" name="{enc_xml(str(name))}" time="{ctx.rng.uniform(0.1, 60):.2f}">{inner}</testcase>')
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<testsuites disabled="0" errors="0" failures="{failures}" tests="{len(cases)}">\n'
        f'  <testsuite name="deploy" hostname="{enc_xml(ctx.fake.hostname())}" tests="{len(cases)}" failures="{failures}" '
        f'time="{ctx.rng.uniform(10, 600):.1f}">\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


@template("holdout5", ("/playlauncher/",), weight=1.1)
def play_launcher_config_mgmt(ctx: Ctx) -> Request:
    """Config-management launcher: job launches with extra vars (JSON), surveys (form), ad-hoc commands, host vars,
    playbook edits (YAML), inventory imports, junit callbacks."""
    kind = ctx.pick(("launch", "launch", "survey", "adhoc", "hostvars", "playbook", "inventory", "junit", "jobs"))
    tpl_id = ctx.rng.randint(5, 400)
    if kind == "launch":
        body: dict[str, Any] = {
            "extra_vars": j(ctx, "extra_vars", _extra_vars(ctx)),
            "limit": j(ctx, "limit", ctx.pick(_LIMITS)),
            "inventory": ctx.rng.randint(1, 60),
            "job_tags": j(ctx, "job_tags", ctx.pick(("", "deploy,nginx", "migrate", "always"))),
            "skip_tags": ctx.pick(("", "notify", "slow")),
            "diff_mode": ctx.chance(0.4),
            "verbosity": ctx.pick((0, 0, 1, 3)),
            "job_type": ctx.pick(("run", "check")),
        }
        return req(
            "POST",
            f"/playlauncher/api/v2/job_templates/{tpl_id}/launch/",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth=ctx.pick(("jwt", "basic"))),
            body=dumps(ctx, body),
        )
    if kind == "survey":
        fields = [
            ("csrfmiddlewaretoken", v.alnum_token(ctx, 64)),
            ("survey[release_tag]", f"v{ctx.rng.randint(1, 5)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 9)}"),
            ("survey[change_ticket]", f"CHG{ctx.rng.randint(10**6, 10**7)}"),
            ("survey[target_hosts]", ctx.pick(_LIMITS)),
            (
                "survey[reason]",
                _talk(
                    ctx,
                    (
                        "Hotfix for the checkout 500s -- see INC-2291",
                        "Rollback to the previous release; DB migration is backwards-compatible",
                        "Patch OpenSSL (CVE) on all web nodes, one at a time",
                    ),
                ),
            ),
            ("survey[dry_run]", ctx.pick(("on", "off"))),
        ]
        return req(
            "POST",
            f"/playlauncher/templates/job_template/{tpl_id}/survey/launch",
            form_headers(ctx, f"/playlauncher/templates/job_template/{tpl_id}/details"),
            body=form(ctx, fields, fixed=("csrfmiddlewaretoken",)),
        )
    if kind == "adhoc":
        module, args = ctx.pick(_AD_HOC)
        body = {
            "module_name": module,
            "module_args": j(ctx, "module_args", args),
            "limit": j(ctx, "limit", ctx.pick(_LIMITS)),
            "become_enabled": ctx.chance(0.6),
            "forks": ctx.pick((5, 10, 25)),
            "credential": ctx.rng.randint(1, 40),
            "job_type": "run",
        }
        return req(
            "POST",
            f"/playlauncher/api/v2/inventories/{seg(ctx, 'inventory', str(ctx.rng.randint(1, 60)))}/ad_hoc_commands/",
            site_headers(ctx, "xhr", "application/json", None, cookies=True),
            body=dumps(ctx, body),
        )
    if kind == "hostvars":
        hv = (
            f"ansible_host: 10.{ctx.rng.randint(0, 250)}.3.{ctx.rng.randint(2, 250)}\nansible_user: deploy\nansible_port: {ctx.pick((22, 2222))}\n"
            f"nginx_worker_connections: {ctx.pick((1024, 4096))}\n"
            f"motd: {_yaml_scalar(ctx.pick(('Authorised use only -- all activity is logged', 'Prod box! Think twice.')))}\n"
        )
        body = {
            "name": f"web-{ctx.rng.randint(1, 20):02d}.example.com",
            "description": j(ctx, "description", ctx.pick(("", "Moved to rack B3 -- new IP", v.sentence(ctx)))),
            "variables": j(ctx, "variables", hv),
            "enabled": ctx.chance(0.9),
        }
        return req(
            "PATCH",
            f"/playlauncher/api/v2/hosts/{seg(ctx, 'host', str(ctx.rng.randint(1, 5000)))}/",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "playbook":
        note = str(
            ctx.slot(
                "multipart",
                "tasks.migrate.comment",
                ctx.pick(("needs DB creds from the vault", "idempotent -- safe to re-run", f"added by {ctx.fake.user_name()}")),
            )
        )
        path = ctx.pick(("playbooks/deploy.yml", "site.yml", "playbooks/rollout-canary.yml"))
        return req(
            "PUT",
            f"/playlauncher/api/v2/projects/{ctx.rng.randint(1, 90)}/files/{seg(ctx, 'path', path)}",
            site_headers(ctx, "xhr", ctx.pick(("application/yaml", "text/yaml")), "jwt"),
            body=_playbook(ctx, note),
        )
    if kind == "inventory":
        host_var = str(
            ctx.slot(
                "multipart",
                "inventory.host_vars",
                ctx.pick(("ansible_port=2222", "nginx_role=edge", "app_env=prod maintenance=false", "datacenter='Frankfurt #2'")),
            )
        )
        ctype, body2 = multipart(
            ctx,
            [("overwrite", ctx.pick(("true", "false"))), ("source_name", ctx.pick(("hosts.ini", "prod inventory", "legacy hosts")))],
            [("inventory_file", ctx.pick(("hosts.ini", "inventory", "prod.ini")), "text/plain", _inventory_ini(ctx, host_var))],
        )
        return req("POST", f"/playlauncher/api/v2/inventories/{ctx.rng.randint(1, 60)}/import/", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "junit":
        job = ctx.rng.randint(1000, 900000)
        return req(
            "POST", f"/playlauncher/api/v2/jobs/{job}/junit/", headers_for(ctx, "sdk", content_type="application/xml", auth="basic"), body=_ansible_junit(ctx)
        )
    r = ctx.rng.random()
    if r < 0.55:
        pairs = [
            ("status__in", ctx.pick(("failed,error", "successful", "running,pending"))),
            ("name__icontains", ctx.pick(("deploy", "patch", "backup", "o'reilly-site", "db & cache"))),
            ("order_by", ctx.pick(("-finished", "-id"))),
            ("page_size", ctx.pick((25, 50))),
        ]
        return req("GET", "/playlauncher/api/v2/jobs/", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("order_by", "page_size")))
    if r < 0.75:
        job = str(ctx.rng.randint(1000, 900000))
        return req(
            "GET",
            f"/playlauncher/api/v2/jobs/{seg(ctx, 'job', job)}/stdout/",
            headers_for(ctx, "sdk", auth="basic"),
            qs(ctx, [("format", ctx.pick(("txt", "ansi", "json"))), ("start_line", ctx.rng.randint(0, 500))], fixed=("start_line",)),
        )
    if r < 0.9:
        return req("DELETE", f"/playlauncher/api/v2/jobs/{seg(ctx, 'job', str(ctx.rng.randint(1000, 900000)))}/", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, f"/playlauncher/api/v2/job_templates/{tpl_id}/launch/", ("POST",), ("authorization,content-type", "content-type,x-csrftoken"))


# --------------------------------------------------------------------------
# API-client workspace sync: collections with scripts and {{variables}}, environments, curl imports
# --------------------------------------------------------------------------

_PRE_REQUEST = (
    (
        "const ts = Math.floor(Date.now() / 1000).toString();",
        "const body = pm.request.body && pm.request.body.raw ? pm.request.body.raw : '';",
        "const sig = CryptoJS.HmacSHA256(ts + '.' + body, pm.environment.get('webhookSecret')).toString(CryptoJS.enc.Hex);",
        "pm.request.headers.upsert({ key: 'X-Signature', value: `t=${ts},v1=${sig}` });",
    ),
    (
        "if (!pm.environment.get('accessToken') || Date.now() > Number(pm.environment.get('tokenExpiresAt'))) {",
        "    pm.sendRequest({",
        "        url: pm.environment.get('authUrl') + '/oauth/token',",
        "        method: 'POST',",
        "        header: { 'Content-Type': 'application/x-www-form-urlencoded' },",
        "        body: { mode: 'urlencoded', urlencoded: [",
        "            { key: 'grant_type', value: 'client_credentials' },",
        "            { key: 'client_id', value: pm.environment.get('clientId') },",
        "            { key: 'client_secret', value: pm.environment.get('clientSecret') }",
        "        ] }",
        "    }, (err, res) => {",
        "        if (err) { console.error(err); return; }",
        "        const json = res.json();",
        "        pm.environment.set('accessToken', json.access_token);",
        "        pm.environment.set('tokenExpiresAt', Date.now() + (json.expires_in - 30) * 1000);",
        "    });",
        "}",
    ),
    (
        "pm.variables.set('orderRef', 'ORD-' + _.random(100000, 999999));",
        "pm.variables.set('customerName', pm.variables.replaceIn('{{$randomFirstName}} {{$randomLastName}}'));",
        "// O'Brien-style names broke the legacy API -- keep one in the rotation",
        "if (_.random(0, 4) === 0) pm.variables.set('customerName', \"Seán O'Brien\");",
    ),
    (
        "const basic = btoa(pm.environment.get('username') + ':' + pm.environment.get('password'));",
        "pm.request.headers.upsert({ key: 'Authorization', value: 'Basic ' + basic });",
    ),
)
_TESTS = (
    (
        "pm.test('Status code is 201', () => pm.response.to.have.status(201));",
        "const json = pm.response.json();",
        "pm.test('has an id', () => pm.expect(json.id).to.be.a('string'));",
        "pm.collectionVariables.set('orderId', json.id);",
    ),
    (
        "pm.test('responds in < 800ms', () => pm.expect(pm.response.responseTime).to.be.below(800));",
        "pm.test('no error key', () => pm.expect(pm.response.json()).to.not.have.property('error'));",
    ),
    (
        "const schema = { type: 'object', required: ['items', 'next'], properties: { items: { type: 'array' } } };",
        "pm.test('matches schema', () => pm.response.to.have.jsonSchema(schema));",
        "const next = pm.response.json().next;",
        "if (next) { pm.execution.setNextRequest('List orders'); } else { pm.execution.setNextRequest(null); }",
    ),
)
_API_PATHS = (
    ("GET", "{{baseUrl}}/v1/customers/{{customerId}}/orders?status=open&limit={{pageSize}}"),
    ("POST", "{{baseUrl}}/v1/orders"),
    ("PATCH", "{{baseUrl}}/v1/orders/{{orderId}}"),
    ("DELETE", "{{baseUrl}}/v1/webhooks/{{webhookId}}"),
    ("GET", "{{baseUrl}}/v2/search?q={{query}}&sort=-created_at"),
    ("POST", "{{authUrl}}/oauth/token"),
    ("PUT", "{{baseUrl}}/v1/users/{{userId}}/preferences"),
)


def _raw_body(ctx: Ctx) -> str:
    """A request body as people keep it in a collection: JSON with {{variables}} and dynamic {{$...}} values."""
    return ctx.pick(
        (
            '{\n    "customerId": "{{customerId}}",\n    "reference": "{{orderRef}}",\n'
            '    "items": [{ "sku": "SKU-{{$randomInt}}", "qty": 2 }],\n    "note": "Leave at reception -- it\'s a gift"\n}',
            '{\n  "email": "{{$randomEmail}}",\n  "name": "{{customerName}}",\n  "createdAt": "{{$isoTimestamp}}",\n  "idempotencyKey": "{{$guid}}"\n}',
            '{"status": "cancelled", "reason": "Customer changed their mind; refund to original card"}',
            "",
            '{\n  "query": "query Me { me { id email } }",\n  "variables": {}\n}',
        )
    )


def _collection_item(ctx: Ctx, i: int) -> dict[str, Any]:
    """One saved request: URL with variables, headers, a raw body and its pre-request and test scripts (the first script line of the first item is a slot)."""
    method, url = ctx.pick(_API_PATHS)
    pre, tests = list(ctx.pick(_PRE_REQUEST)), list(ctx.pick(_TESTS))
    if i == 0:
        pre[0] = j(ctx, "item[0].event[0].script.exec[0]", pre[0])
    path, _, query = url.partition("?")
    item: dict[str, Any] = {
        "name": (
            j(
                ctx,
                f"item[{i}].name",
                ctx.pick(("Create order", "List orders", "Get customer's orders", "Refresh token", "Delete webhook", "Search -- by name")),
            )
            if i == 0
            else ctx.pick(("Create order", "List orders", "Update order"))
        ),
        "event": [
            {"listen": "prerequest", "script": {"type": "text/javascript", "exec": pre}},
            {"listen": "test", "script": {"type": "text/javascript", "exec": tests}},
        ],
        "request": {
            "method": method,
            "header": [
                {"key": "Authorization", "value": "Bearer {{accessToken}}"},
                {"key": "Content-Type", "value": "application/json"},
                {"key": "X-Request-Id", "value": "{{$guid}}", "disabled": ctx.chance(0.5)},
            ],
            "url": {
                "raw": url,
                "host": [path.split("/")[0]],
                "path": path.split("/")[1:],
                "query": [{"key": k, "value": val} for k, _, val in (p.partition("=") for p in query.split("&") if p)],
            },
        },
    }
    body = _raw_body(ctx)
    if body and method in ("POST", "PUT", "PATCH"):
        item["request"]["body"] = {
            "mode": "raw",
            "raw": j(ctx, f"item[{i}].request.body.raw", body) if i == 0 else body,
            "options": {"raw": {"language": "json"}},
        }
    return item


def _curl_command(ctx: Ctx, slotted_note: str) -> str:
    """A curl command copied from browser dev tools or API docs, with shell quoting ('\\'' inside single quotes)."""
    host = f"https://api.{ctx.en.domain_name()}"
    return ctx.pick(
        (
            f"curl --location '{host}/v2/orders?expand=items' \\\n--header 'Content-Type: application/json' \\\n"
            "--header 'Authorization: Bearer {{accessToken}}' \\\n"
            f"--data-raw '{{\"customer\":\"{{{{customerId}}}}\",\"items\":[{{\"sku\":\"SKU-1\",\"qty\":2}}],\"note\":\"it'\\''s a gift -- {slotted_note}\"}}'",
            f"curl -X PATCH \"{host}/v1/users/42\" -H \"Accept: application/json\" -u \"$API_USER:$API_PASS\" -d 'display_name={slotted_note}'",
            f"curl '{host}/graphql' -H 'content-type: application/json' --compressed \\\n"
            f"  --data-raw '{{\"query\":\"{{ viewer {{ login }} }}\",\"variables\":{{}},\"note\":\"{slotted_note}\"}}'",
        )
    )


@template("holdout5", ("/apicourier/",), weight=1.0)
def api_courier_workspace_sync(ctx: Ctx) -> Request:
    """API-client sync: collection pushes (JSON with JS scripts), change batches (JSON array), environments, curl imports (text),
    OpenAPI uploads, GraphQL comments."""
    kind = ctx.pick(("collection", "collection", "changes", "environment", "curl", "openapi", "comment", "feed"))
    workspace = ctx.fake.uuid4()
    desktop = ("X-App-Version", f"{ctx.rng.randint(9, 11)}.{ctx.rng.randint(0, 40)}.{ctx.rng.randint(0, 9)}")
    if kind == "collection":
        uid = f"{ctx.rng.randint(1000000, 39999999)}-{ctx.fake.uuid4()}"
        body: dict[str, Any] = {
            "collection": {
                "info": {
                    "_postman_id": ctx.fake.uuid4(),
                    "name": j(ctx, "info.name", ctx.pick(("Orders API", "Payments (sandbox)", f"{ctx.fake.company()} -- partner API"))),
                    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
                    "description": j(
                        ctx,
                        "info.description",
                        _talk(
                            ctx,
                            (
                                "Run **Refresh token** first; all requests use {{accessToken}}.",
                                "Set `baseUrl` in the environment -- staging is https://staging.example.com/api",
                            ),
                        ),
                    ),
                },
                "item": [_collection_item(ctx, i) for i in range(ctx.rng.randint(1, 3))],
                "variable": [{"key": "pageSize", "value": str(ctx.pick((20, 50, 100)))}, {"key": "orderId", "value": ""}],
            }
        }
        return req(
            "PUT",
            f"/apicourier/sync/v1/collections/{seg(ctx, 'collection', uid)}",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="apikey", extra=(desktop,)),
            body=dumps(ctx, body),
        )
    if kind == "changes":
        changes = []
        for i in range(ctx.rng.randint(1, 4)):
            line = ctx.pick(ctx.pick(_PRE_REQUEST + _TESTS))
            listen = "test" if any(line in t for t in _TESTS) else "prerequest"
            changes.append(
                {
                    "action": ctx.pick(("update", "create")) if i else "update",
                    "model": "request",
                    "modelId": ctx.fake.uuid4(),
                    "data": {
                        "url": j(ctx, f"[{i}].data.url", ctx.pick(_API_PATHS)[1]),
                        "events": [{"listen": listen, "script": {"exec": [j(ctx, f"[{i}].data.events[0].script.exec[0]", line)]}}],
                    },
                    "revision": ctx.rng.randint(1000, 99999),
                }
            )
        return req(
            "POST",
            f"/apicourier/sync/v1/workspaces/{seg(ctx, 'workspace', workspace)}/changesets",
            headers_for(ctx, "xhr", content_type="application/json", auth="jwt", cookies=True, extra=(desktop,)),
            body=dumps(ctx, changes),
        )
    if kind == "environment":
        values = [
            {
                "key": "baseUrl",
                "value": j(
                    ctx,
                    "values[0].value",
                    ctx.pick((f"https://staging.{ctx.en.domain_name()}/api", "http://localhost:8080", "{{protocol}}://{{host}}:{{port}}")),
                ),
                "type": "default",
                "enabled": True,
            },
            {"key": "authUrl", "value": f"https://auth.{ctx.en.domain_name()}", "type": "default", "enabled": True},
            {"key": "clientSecret", "value": "", "type": "secret", "enabled": True},
            {
                "key": "query",
                "value": j(ctx, "values[3].value", ctx.pick(("o'brien", "name:\"Zoë\" AND status:active", "price>=10&price<=50", "ben & jerry's"))),
                "type": "default",
                "enabled": ctx.chance(0.8),
            },
        ]
        body = {"environment": {"name": j(ctx, "environment.name", ctx.pick(("Staging", "Local (docker compose)", "Prod -- READ ONLY"))), "values": values}}
        env = ctx.fake.uuid4()
        return req(
            "PUT",
            f"/apicourier/sync/v1/environments/{seg(ctx, 'environment', env)}",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "curl":
        note = str(ctx.slot("multipart", "curl.note", ctx.pick(("Leave at reception", "gift wrap pls", "2nd floor", "Müller GmbH"))))
        return req(
            "POST",
            f"/apicourier/sync/v1/workspaces/{seg(ctx, 'workspace', workspace)}/import/curl",
            headers_for(ctx, "xhr", content_type="text/plain;charset=UTF-8", auth="jwt", extra=(desktop,)),
            body=_curl_command(ctx, note),
        )
    if kind == "openapi":
        summary = str(
            ctx.slot(
                "multipart",
                "openapi.summary",
                ctx.pick(("List a customer's orders", "Create an order -- idempotent with Idempotency-Key", "Search by name (supports 'O''Brien')")),
            )
        )
        spec = (
            f"openapi: 3.0.3\ninfo:\n  title: Orders API\n  version: {ctx.rng.randint(1, 4)}.{ctx.rng.randint(0, 9)}.0\n"
            f"servers:\n  - url: https://api.{ctx.en.domain_name()}/v1\n"
            f"paths:\n  /customers/{{customerId}}/orders:\n    get:\n      summary: {_yaml_scalar(summary)}\n"
            "      parameters:\n        - in: path\n          name: customerId\n"
            "          required: true\n          schema: { type: string }\n        - in: query\n"
            "          name: status\n          schema: { type: string, enum: [open, shipped, cancelled] }\n"
            "      responses:\n        '200':\n          description: OK\n"
        )
        ctype, body2 = multipart(
            ctx,
            [("type", "file"), ("generateFrom", ctx.pick(("paths", "tags")))],
            [("input", ctx.pick(("openapi.yaml", "orders-api.yml")), "application/x-yaml", spec)],
        )
        return req(
            "POST", f"/apicourier/sync/v1/workspaces/{seg(ctx, 'workspace', workspace)}/import/openapi", site_headers(ctx, "xhr", ctype, "jwt"), body=body2
        )
    if kind == "comment":
        body = {
            "operationName": "AddComment",
            "query": "mutation AddComment($entityId: ID!, $body: String!) {\n  addComment(entityId: $entityId, body: $body) { id createdAt }\n}",
            "variables": {
                "entityId": ctx.fake.uuid4(),
                "body": j(
                    ctx,
                    "variables.body",
                    _talk(
                        ctx,
                        (
                            "The pre-request script breaks when `pm.request.body.raw` is empty (GET) -- guard it with `&&`?",
                            "Please don't hard-code the token; use {{accessToken}} from the environment.",
                            "Tests fail on staging: expected 201 but got 200 -- `pm.response.to.have.status(201)` is too strict for PUT.",
                            f"@{ctx.fake.user_name()} can you update {{{{baseUrl}}}} for the new region?",
                        ),
                    ),
                ),
            },
        }
        return req("POST", "/apicourier/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    r = ctx.rng.random()
    if r < 0.5:
        return req(
            "GET",
            f"/apicourier/sync/v1/workspaces/{seg(ctx, 'workspace', workspace)}/changes",
            headers_for(ctx, "sdk", auth="apikey", extra=(desktop,)),
            qs(
                ctx,
                [("since", ctx.rng.randint(10**5, 10**7)), ("limit", ctx.pick((100, 500))), ("models", ctx.pick(("request,collection", "environment")))],
                fixed=("since", "limit"),
            ),
        )
    if r < 0.75:
        return req("DELETE", f"/apicourier/sync/v1/requests/{seg(ctx, 'request', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt", cookies=True))
    if r < 0.9:
        return req(
            "HEAD",
            f"/apicourier/sync/v1/collections/{seg(ctx, 'collection', ctx.fake.uuid4())}",
            headers_for(ctx, "sdk", auth="apikey", extra=(("If-None-Match", f'"{v.hex_token(ctx, 16)}"'),)),
        )
    return preflight(ctx, "/apicourier/sync/v1/collections", ("PUT", "DELETE"), ("content-type,x-api-key", "authorization,content-type"))


# --------------------------------------------------------------------------
# Log query console: LogQL range queries, PromQL, Explore links, jq over uploaded logs, saved searches
# --------------------------------------------------------------------------

_LOGQL = (
    '{app="checkout", env="prod"} |= "timeout" != "healthz"',
    '{namespace="payments"} | json | level="error" | line_format "{{.ts}} {{.msg}} trace={{.trace_id}}"',
    'sum by (status) (count_over_time({job="nginx"} | pattern "<ip> - - <_> \\"<method> <uri> <_>\\" <status> <size> <_>" [5m]))',
    '{container="api"} |~ "(?i)(deadlock|lock wait timeout)" | logfmt | duration > 2s',
    'topk(10, sum by (path) (rate({app="web"} | json | __error__="" [1m])))',
    '{host=~"web-0[1-3]"} | regexp "(?P<ip>\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+) .* \\"(?P<method>\\\\w+) (?P<path>[^ ]+)"',
    '{app="api"} |= "SELECT" | logfmt | query_ms > 500 | line_format "{{.query_ms}}ms {{.query}}"',
    '{unit="sshd.service"} |= "Failed password" | pattern "<_> for <user> from <ip> port <_>"',
    'rate({app="worker"} |= "retrying" [5m]) > 0.5',
)
_PROMQL = (
    'sum by (route) (rate(http_requests_total{job="api", status=~"5.."}[5m])) / sum by (route) (rate(http_requests_total{job="api"}[5m])) > 0.02',
    "histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))",
    '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
    'predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[6h], 24 * 3600) < 0',
    'increase(kube_pod_container_status_restarts_total{namespace!~"kube-.*"}[1h]) > 3',
    'up{job=~"postgres|redis"} == 0',
    'absent(up{job="cron-runner"})',
    'sum(rate(pg_stat_database_xact_commit{datname!~"template.*"}[5m])) by (datname)',
)
_JQ = (
    '.[] | select(.level == "error" and .latency_ms > 500) | {ts, msg, trace_id}',
    "map(select(.status >= 500)) | group_by(.path) | map({path: .[0].path, n: length}) | sort_by(-.n) | .[:10]",
    '.items[] | select(.metadata.labels.app == "api") | .status.containerStatuses[].restartCount',
    '[.[] | .user.email // "unknown"] | unique',
    '.[] | "\\(.ts) \\(.level | ascii_upcase) \\(.msg)"',
    'to_entries | map("\\(.key)=\\(.value | tostring)") | join(" ")',
    '.[] | select(.msg | test("timeout|refused"; "i")) | .host',
    'reduce .[] as $e ({}; .[$e.level] += 1)',
)


def _log_lines(ctx: Ctx) -> str:
    """NDJSON log lines as services write them: nginx errors, slow SQL, app messages in the user's language."""
    lines = []
    for _ in range(ctx.rng.randint(2, 8)):
        rec = ctx.pick(
            (
                {
                    "level": "error",
                    "msg": "upstream timed out (110: Connection timed out) while reading response header from upstream",
                    "path": "/api/cart",
                    "status": 504,
                    "latency_ms": 30001,
                },
                {
                    "level": "warn",
                    "msg": "slow query",
                    "query": "SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 50",
                    "query_ms": ctx.rng.randint(500, 4000),
                },
                {"level": "info", "msg": f"user {ctx.fake.user_name()} logged in", "ip": ctx.fake.ipv4(), "status": 200, "latency_ms": ctx.rng.randint(3, 300)},
                {"level": "error", "msg": "connect ECONNREFUSED 10.0.4.5:5432", "host": f"web-{ctx.rng.randint(1, 9):02d}", "status": 500},
                {
                    "level": "info",
                    "msg": v.sentence(ctx),
                    "path": f"/{v.slug(ctx)}",
                    "status": ctx.pick((200, 302, 404)),
                    "latency_ms": ctx.rng.randint(1, 900),
                },
            )
        )
        lines.append(json.dumps({"ts": v.iso_datetime(ctx), **rec, "trace_id": v.hex_token(ctx, 32)}, ensure_ascii=False))
    return "\n".join(lines)


def _range(ctx: Ctx) -> tuple[int, int]:
    end = ctx.rng.randrange(1_700_000_000, 1_760_000_000)
    return end - ctx.pick((300, 3600, 21600, 86400)), end


@template("holdout5", ("/logsieve/",), weight=1.1)
def log_sieve_query_console(ctx: Ctx) -> Request:
    """Log console: LogQL range queries (query string), PromQL (form POST), Explore state (JSON in a parameter), jq runs (JSON), log uploads, saved searches."""
    kind = ctx.pick(("logql", "logql", "promql", "explore", "jq", "upload", "saved", "misc"))
    start, end = _range(ctx)
    tenant = ("X-Scope-OrgID", ctx.pick(("prod", "staging", "team-payments")))
    if kind == "logql":
        pairs = [
            ("query", ctx.pick(_LOGQL)),
            ("start", f"{start}000000000"),
            ("end", f"{end}000000000"),
            ("limit", ctx.pick((100, 1000, 5000))),
            ("direction", ctx.pick(("backward", "forward"))),
            ("step", ctx.pick((None, "15s", "1m"))),
        ]
        return req(
            "GET",
            "/logsieve/loki/api/v1/query_range",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), cookies=ctx.chance(0.5), extra=(tenant,)),
            qs(ctx, pairs, fixed=("start", "end", "limit", "direction")),
        )
    if kind == "promql":
        fields = [("query", ctx.pick(_PROMQL)), ("start", str(start)), ("end", str(end)), ("step", ctx.pick(("15", "60", "300")))]
        if ctx.chance(0.3):
            return req(
                "GET",
                "/logsieve/prom/api/v1/query",
                headers_for(ctx, "sdk", auth="basic"),
                qs(ctx, [("query", ctx.pick(_PROMQL)), ("time", str(end))], fixed=("time",)),
            )
        return req(
            "POST",
            "/logsieve/prom/api/v1/query_range",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/x-www-form-urlencoded", cookies=ctx.chance(0.6)),
            body=form(ctx, fields, fixed=("start", "end", "step")),
        )
    if kind == "explore":
        datasource = ctx.pick(("loki-prod", "prometheus", "loki-staging"))
        expr = ctx.slot("json_query", "left.queries[0].expr", ctx.pick(_PROMQL if datasource == "prometheus" else _LOGQL))
        left = {
            "datasource": datasource,
            "queries": [{"refId": "A", "expr": expr, "queryType": "range", "editorMode": "code"}],
            "range": {"from": ctx.pick(("now-1h", "now-6h", "now-24h")), "to": "now"},
        }
        q = f"orgId={ctx.rng.randint(1, 9)}&" + json_param(ctx, "left", left)
        return req(
            "GET",
            "/logsieve/explore",
            headers_for(ctx, "nav", cookies=True, referer=ctx.pick((None, f"https://{ctx.en.domain_name()}/d/{v.alnum_token(ctx, 9)}/api-overview"))),
            q,
        )
    if kind == "jq":
        body: dict[str, Any] = {
            "filter": j(ctx, "filter", ctx.pick(_JQ)),
            "input": j(ctx, "input", _log_lines(ctx)),
            "slurp": ctx.chance(0.7),
            "rawOutput": ctx.chance(0.3),
            "args": {"$min": ctx.rng.randint(100, 1000)},
        }
        return req("POST", "/logsieve/api/jq/run", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "upload":
        content = str(ctx.slot("multipart", "logfile", _log_lines(ctx)))
        ctype, body2 = multipart(
            ctx,
            [("filter", ctx.pick(_JQ)), ("label", ctx.pick(("incident-2291", "checkout 504s", f"{ctx.fake.first_name()}'s export")))],
            [("file", ctx.pick(("app.ndjson", "logs-export.json", "worker.log")), "application/x-ndjson", content)],
        )
        return req("POST", "/logsieve/api/jq/upload", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "saved":
        search_id = str(rid(ctx))
        if ctx.chance(0.25):
            return req("DELETE", f"/logsieve/api/saved-searches/{seg(ctx, 'search', search_id)}", headers_for(ctx, "xhr", cookies=True))
        body = {
            "title": j(
                ctx,
                "title",
                ctx.pick(
                    ("Checkout 5xx by route", "Slow SQL (> 500ms)", "sshd brute force", f"{ctx.fake.first_name()}'s on-call view", "Errors -- ignore healthz")
                ),
            ),
            "query": j(ctx, "query", ctx.pick(_LOGQL + _PROMQL)),
            "language": ctx.pick(("logql", "promql")),
            "description": j(
                ctx, "description", _talk(ctx, ("Use during incidents; drop the |= filter to see everything.", "Pinned for the checkout on-call rota"))
            ),
            "shared": ctx.chance(0.5),
            "tags": ctx.rng.sample(["oncall", "sql", "nginx", "payments"], ctx.rng.randint(0, 2)),
        }
        if ctx.chance(0.5):
            return req("POST", "/logsieve/api/saved-searches", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
        return req(
            "PUT",
            f"/logsieve/api/saved-searches/{seg(ctx, 'search', search_id)}",
            headers_for(ctx, "xhr", content_type="application/json", cookies=True, extra=(("If-Match", f'"{ctx.rng.randint(1, 50)}"'),)),
            body=dumps(ctx, body),
        )
    r = ctx.rng.random()
    if r < 0.45:
        return req(
            "GET",
            "/logsieve/loki/api/v1/label/app/values",
            headers_for(ctx, "xhr", cookies=True, extra=(tenant,)),
            qs(
                ctx,
                [("query", ctx.pick(('{namespace="payments"}', '{env="prod", cluster=~"eu-.*"}', "{job=\"nginx\"}"))), ("start", f"{start}000000000")],
                fixed=("start",),
            ),
        )
    if r < 0.8:
        return req(
            "GET",
            "/logsieve/loki/api/v1/tail",
            headers_for(
                ctx,
                "sdk",
                auth="basic",
                extra=(tenant, ("X-Client", header_slot(ctx, "X-Client", ctx.pick(("logcli/3.1.0", "sieve-cli 0.9 (O'Reilly demo)"))))),
            ),
            qs(ctx, [("query", ctx.pick(_LOGQL[:2] + _LOGQL[3:4])), ("delay_for", ctx.pick((0, 2, 5)))], fixed=("delay_for",)),
        )
    return preflight(ctx, "/logsieve/api/jq/run", ("POST",), ("authorization,content-type", "content-type"))


HOLDOUT5_B: tuple[str, ...] = (
    "arena_online_judge",
    "pattern_bench_regex",
    "sql_schoolyard_tutorial",
    "workflow_smith_ci_editor",
    "stack_planner_iac",
    "play_launcher_config_mgmt",
    "api_courier_workspace_sync",
    "log_sieve_query_console",
)
