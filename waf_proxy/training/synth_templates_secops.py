"""Train templates: security-operations consoles.

A SIEM search console (Splunk SPL jobs, KQL and Lucene queries, saved searches,
Simple XML dashboards), a detection-rule editor (Sigma YAML, YARA rules with hex
strings and regexes), a PKI / certificate manager (PEM CSRs and chains, SANs,
OCSP GETs, ACME), a secrets vault (KV secrets, transit ciphertexts, lease ids,
HCL policies, database roles with `{{password}}` templating), a cloud IAM policy
editor (AWS JSON policies with `${aws:username}` and wildcards, GCP CEL
conditions, Azure role definitions), a firewall / ACL manager (CIDRs, port
ranges, iptables-save and nftables imports, PAN-OS XPath API calls), an MDM
console (Apple plists and check-ins, Windows OMA-URI settings with embedded XML,
device inventories) and an audit-log / compliance-evidence tracker (CSV exports,
control ids, auditor comments, OSCAL XML).

They exist because security people write detection logic for a living: queries
with `| where`, `NOT user.name:(svc_*)`, `CommandLine|contains`, hex and regex
strings, `'{{password}}'`, `"Action": "s3:*"`, `entry[@name='vsys1']`, `<enabled/>`,
and notes like "blocked a SQL injection attempt on the login form". A naive
filter reads all of that as an attack; none of it is one. Every value a user or
client controls goes through a slot.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_text,
    Request,
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
    rid,
    seg,
    site_headers,
    template,
    user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers: people, tickets, networks, hosts, analyst notes, PEM, CSV
# --------------------------------------------------------------------------

_PEOPLE = (
    "Siobhán O'Neill",
    "Zoë D'Arcy",
    "Nguyễn Văn An",
    "Łukasz Wróblewski",
    "Renée Dubois",
    "Seán Ó Briain",
    "Mary-Kate O'Connor",
    "Jürgen Groß",
    "Aoife Ní Dhuibhir",
    "田中 由紀",
    "Олег Петренко",
    "Chloé L'Héritier",
    "Kwame Mensah-Bonsu",
    "Priya Raghunathan",
    "José Antonio D'Souza",
)
_ROLES = ("web", "db", "dc", "fs", "vpn", "jump", "build", "k8s-node", "mail", "sql", "print", "wsus", "citrix")


def _name(ctx: Ctx) -> str:
    """A colleague's name: Faker's in the request's locale, often with apostrophes or diacritics."""
    return ctx.pick(_PEOPLE) if ctx.chance(0.2) else v.full_name(ctx)


def _ticket(ctx: Ctx) -> str:
    return ctx.pick(("INC", "CHG", "SEC-", "SOC-", "RITM", "CR-", "IR-")) + str(ctx.rng.randint(1000, 9999999))


def _ip(ctx: Ctx) -> str:
    """An address as analysts paste them: internal ranges and the documentation ranges."""
    r = ctx.rng
    return ctx.pick(
        (
            f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            f"203.0.113.{r.randint(1, 254)}",
            f"198.51.100.{r.randint(1, 254)}",
            f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            f"192.0.2.{r.randint(1, 254)}",
        )
    )


def _cidr(ctx: Ctx, v6: bool = True) -> str:
    """A network as rules carry it; `v6=False` for IPv4-only tables (iptables)."""
    r = ctx.rng
    options = (
        f"10.{r.randint(0, 255)}.0.0/{ctx.pick((16, 20))}",
        f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.0/24",
        f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.0/24",
        f"192.168.{r.randint(0, 255)}.0/{ctx.pick((24, 25, 26, 28))}",
        f"203.0.113.{ctx.pick((0, 64, 128))}/{ctx.pick((26, 27))}",
        f"198.51.100.{r.randint(1, 254)}/32",
        "192.0.2.0/24",
        f"2001:db8:{r.randint(0, 0xFFFF):x}::/48",
    )
    return ctx.pick(options if v6 else options[:-1])


def _host(ctx: Ctx) -> str:
    return f"{ctx.pick(_ROLES)}{ctx.rng.randint(1, 40):02d}.{ctx.pick(('corp', 'prod', 'eu1', 'dmz', 'lab'))}.{ctx.en.domain_name()}"


def _epoch(ctx: Ctx) -> int:
    return ctx.rng.randrange(1_700_000_000, 1_760_000_000)


_SOC_NOTES = (
    "Blocked a SQL injection attempt on the login form from {ip}; the WAF caught it, this is for the weekly report.",
    "False positive -- the backup job's robocopy /MIR run trips this every night at 02:00. Excluding {host}.",
    "Tuned the threshold from 5 to {n} failed logons; the helpdesk's password-reset script was noisy.",
    "Per {name}: drop the old rule once {ticket} is closed, don't delete it before the audit.",
    "Escalated to IR ({ticket}). User confirmed they did NOT run the encoded PowerShell -- isolating {host}.",
    "Select the 'high' urgency only; medium is handled by the MSSP (see runbook section 4.2).",
    'Phishing wave: 40+ users got the "DocuSign" lure; the reply-to domain is blocked at the mail gateway.',
    "Approved by {name} on {date} -- review again in 90 days.",
    "Where's the union of both watchlists? Some VIPs are only in the HR export.",
    "Vendor confirmed the scanner at {ip} is theirs (pen test window {date}, 22:00-02:00 UTC) -- suppress until then.",
    "Noisy since the EDR update; {n} hits/day, all from the SCCM client. Tune it, don't disable it.",
    "Insert into the weekly report & delete the duplicate from Friday's shift.",
    "The O'Reilly branch office sits behind one shared NAT IP ({ip}) -- expect many users per source.",
    "Removed 312 forwarding rules after the BEC incident; keep this search for 30 days.",
    "Looks like a password spray, not brute force: 1-2 attempts per account across {n} accounts from {ip}.",
    "Closed as benign: it was {name} testing the new Intune baseline on {host}.",
)


def _analyst_note(ctx: Ctx) -> str:
    """What analysts write in descriptions and comments: incident shorthand, tuning notes, prose with traps."""
    r = ctx.rng.random()
    if r < 0.5:
        return ctx.pick(_SOC_NOTES).format(name=_name(ctx), ticket=_ticket(ctx), ip=_ip(ctx), date=v.iso_date(ctx), n=ctx.rng.randint(2, 60), host=_host(ctx))
    if r < 0.78:
        return v.prose(ctx, 1, 2, trap_rate=0.45)
    return user_note(ctx)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yq(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def _csv(rows: list[list[Any]]) -> str:
    """CSV as tools export it: some with Windows line ends (the csv module's own), some with Unix ones."""
    return csv_text(rows, "\r\n" if len(rows) % 2 else "\n")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _pem(ctx: Ctx, label: str, size: int) -> str:
    """A PEM block: DER-shaped bytes (SEQUENCE, two-byte length), base64 in 64-column lines."""
    der = bytes((0x30, 0x82, size >> 8, size & 0xFF)) + ctx.rng.randbytes(size)
    text = _b64(der)
    return f"-----BEGIN {label}-----\n" + "\n".join(text[i : i + 64] for i in range(0, len(text), 64)) + f"\n-----END {label}-----\n"


def _raw_headers(ctx: Ctx, ua: str, pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Headers of a client with its own agent string (OCSP, ACME, AWS CLI, Apple MDM)."""
    return [["User-Agent", header_slot(ctx, "User-Agent", ua)]] + [[k, v.enc_header(str(val))] for k, val in pairs]


# --------------------------------------------------------------------------
# SIEM search console: SPL jobs, KQL, Lucene, saved searches, dashboards
# --------------------------------------------------------------------------


def _spl(ctx: Ctx) -> str:
    n = ctx.rng.randint(5, 50)
    return ctx.pick(
        (
            f'index=wineventlog EventCode=4625 user!="*$" | stats count AS failures, dc(src_ip) AS sources BY user | where failures > {n} | sort - failures',
            (
                'index=proxy sourcetype="bluecoat:proxysg:access:syslog" | rex field=url '
                '"^https?://(?<domain>[^/:]+)" | stats sum(bytes_out) AS out BY src_ip, domain '
                "| where out > 50000000"
            ),
            (
                "| tstats summariesonly=true count FROM datamodel=Authentication WHERE "
                "Authentication.action=failure BY Authentication.src, Authentication.user span=5m"
            ),
            f'index=web sourcetype=nginx:access status>=500 uri_path="/{ctx.en.word()}*" | timechart span=5m count BY host limit=10',
            'index=o365 Operation IN ("New-InboxRule", "Set-InboxRule") | spath input=Parameters | table _time, UserId, ClientIP, Parameters',
            (
                'index=edr process_name="powershell.exe" (cmdline="* -enc *" OR cmdline="* '
                '-EncodedCommand *") NOT parent_process_name="CcmExec.exe" | table _time host user cmdline'
            ),
            f'index=dns query="*.{ctx.en.domain_name()}" earliest=-7d | lookup threat_intel_domains domain AS query OUTPUT category | search category=*',
            "index=vpn action=success | iplocation src_ip | stats dc(Country) AS countries, values(Country) AS seen_in BY user | where countries > 1",
            "index=firewall action=blocked dest_port IN (3389, 445, 23) | stats count BY src_ip, dest_port | sort - count | head 20",
            '`notable` | search status_label="New" urgency IN ("high", "critical") | eval age_h=round((now()-_time)/3600, 1) | table rule_name, owner, age_h',
            'index=web (http_user_agent="*sqlmap*" OR http_user_agent="*Nikto*") | stats count, values(uri_path) AS paths BY src_ip',
            (
                "index=aws sourcetype=aws:cloudtrail eventName=ConsoleLogin "
                '"responseElements.ConsoleLogin"=Failure | stats count BY userIdentity.arn, sourceIPAddress'
            ),
            (
                "index=wineventlog (EventCode=4720 OR EventCode=4726) | eval action=if(EventCode==4720, "
                '"created", "deleted") | table _time, action, TargetUserName, '
                f'SubjectUserName | where _time > relative_time(now(), "-{n}d@d")'
            ),
            f'index=linux sourcetype=linux_secure "Failed password" host={ctx.pick(_ROLES)}* | rex "from (?<src>\\d+\\.\\d+\\.\\d+\\.\\d+)" | top limit=10 src',
        )
    )


def _kql(ctx: Ctx) -> str:
    n = ctx.rng.randint(3, 30)
    return ctx.pick(
        (
            (
                f"SigninLogs | where TimeGenerated > ago({ctx.pick(('1d', '12h', '7d'))}) and "
                'ResultType != "0" | summarize Failures = count(), IPs = make_set(IPAddress, 20) '
                f"by UserPrincipalName | where Failures > {n} | order by Failures desc"
            ),
            (
                'SecurityEvent | where EventID == 4688 and CommandLine has_any ("-enc", "-EncodedCommand", '
                '"FromBase64String") | project TimeGenerated, Computer, Account, CommandLine'
            ),
            (
                'DeviceProcessEvents | where FileName in~ ("certutil.exe", "bitsadmin.exe") and ProcessCommandLine contains "http" '
                '| extend Host = tostring(split(DeviceName, ".")[0]) | take 100'
            ),
            (
                'let vips = _GetWatchlist("VIPUsers") | project SearchKey;\nOfficeActivity\n| where UserId in (vips) and Operation == "FileDownloaded"\n'
                "| summarize count() by UserId, bin(TimeGenerated, 1h)"
            ),
            (
                'AzureActivity | where OperationNameValue =~ "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE" and ActivityStatusValue == "Success" '
                "| project TimeGenerated, Caller, ResourceGroup, Properties"
            ),
            (
                'CommonSecurityLog | where DeviceVendor == "Palo Alto Networks" and Activity == '
                '"THREAT" | summarize count() by SourceIP, DestinationIP, bin(TimeGenerated, 15m) '
                "| render timechart"
            ),
            'DnsEvents | where Name matches regex @"^[a-z0-9]{30,}\\." | summarize dcount(Name) by ClientIP',
            (
                'AuditLogs | where OperationName == "Add member to role" and '
                f'TargetResources[0].modifiedProperties[1].newValue has "Global Administrator" | take {n}'
            ),
        )
    )


def _lucene(ctx: Ctx) -> str:
    return ctx.pick(
        (
            'event.code:4625 AND NOT user.name:(svc_* OR "ANONYMOUS LOGON")',
            f'source.ip:"{ctx.pick(("10.0.0.0/8", "172.16.0.0/12"))}" AND destination.port:[1024 TO 65535] AND network.transport:udp',
            'process.name:("certutil.exe" OR "bitsadmin.exe") AND process.command_line:*urlcache*',
            "http.response.status_code:>=500 AND url.path:\\/api\\/v2\\/orders*",
            'user_agent.original:*curl* AND NOT source.ip:"192.168.0.0/16"',
            f'message:"Failed password for invalid user" AND host.name:{ctx.pick(_ROLES)}*',
            "dns.question.name:/[a-z0-9]{25,}\\.(xyz|top|club)/",
            'winlog.event_data.TargetUserName:"Administrator" AND event.outcome:failure',
            f"related.user:{ctx.en.user_name()} AND event.category:authentication AND @timestamp:[now-7d TO now]",
        )
    )


def _simple_xml(ctx: Ctx) -> str:
    """A Splunk Simple XML dashboard as the source editor saves it; queries with `>` are escaped."""
    label = enc_xml(
        str(
            ctx.slot("xml", "dashboard.label", ctx.pick(("SOC overview", "Auth failures -- EMEA", "VPN & remote access", f"{ctx.en.word().capitalize()} hunt")))
        )
    )
    desc = enc_xml(str(ctx.slot("xml", "dashboard.description", _analyst_note(ctx))))
    panels = []
    for i in range(ctx.rng.randint(1, 3)):
        query = _spl(ctx)
        if i == 0:
            query = ctx.slot("xml", "panel[0].query", query)
        viz = ctx.pick(("chart", "table", "single", "event"))
        title = ctx.pick(("Top sources", "Failures by user", "Blocked ports", "New inbox rules", "Encoded PowerShell"))
        panels.append(
            f"    <panel>\n      <title>{title}</title>\n      <{viz}>\n        <search>\n          <query>{enc_xml(str(query))}</query>\n"
            "          <earliest>$time_tok.earliest$</earliest>\n          <latest>$time_tok.latest$</latest>\n        </search>\n"
            f'        <option name="refresh.display">progressbar</option>\n      </{viz}>\n    </panel>'
        )
    return (
        f'<dashboard version="1.1" theme="{ctx.pick(("dark", "light"))}">\n  <label>{label}</label>\n  <description>{desc}</description>\n'
        '  <fieldset submitButton="false">\n    <input type="time" token="time_tok">\n      <label>Time</label>\n'
        "      <default>\n        <earliest>-24h@h</earliest>\n        <latest>now</latest>\n      </default>\n    </input>\n  </fieldset>\n"
        "  <row>\n" + "\n".join(panels) + "\n  </row>\n</dashboard>\n"
    )


@template("train", ("/siemsearch/",), weight=1.1)
def siem_search_console(ctx: Ctx) -> Request:
    """SIEM: SPL search jobs (form), job results (query), KQL (JSON), Lucene with a JSON filter param, saved searches (JSON), dashboards (XML, JSON)."""
    kind = ctx.pick(("spl", "spl", "results", "kql", "lucene", "saved", "dashboard"))
    if kind == "spl":
        spl = _spl(ctx)
        fields = [
            ("search", spl if spl.startswith(("|", "`")) else "search " + spl),
            ("earliest_time", ctx.pick(("-24h@h", "-7d@d", "-15m", "-60m@m", v.iso_datetime(ctx)))),
            ("latest_time", ctx.pick(("now", "@d", "-1m"))),
            ("exec_mode", ctx.pick(("normal", "blocking", "oneshot"))),
            ("output_mode", "json"),
        ]
        if ctx.chance(0.3):
            fields.append(("adhoc_search_level", ctx.pick(("smart", "fast", "verbose"))))
        owner = ctx.pick(("admin", "nobody", ctx.en.user_name()))
        return req(
            "POST",
            f"/siemsearch/servicesNS/{seg(ctx, 'owner', owner)}/search/search/jobs",
            headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", auth=ctx.pick(("basic", "jwt"))),
            body=form(ctx, fields, fixed=("exec_mode", "output_mode", "adhoc_search_level")),
        )
    if kind == "results":
        sid = ctx.pick(
            (
                f"{_epoch(ctx)}.{ctx.rng.randint(1, 99999)}",
                f"scheduler__{ctx.en.user_name()}__search__RMD5{v.hex_token(ctx, 16)}_at_{_epoch(ctx)}_{ctx.rng.randint(1, 9999)}",
            )
        )
        if ctx.chance(0.2):
            return req("DELETE", f"/siemsearch/services/search/jobs/{seg(ctx, 'sid', sid)}", headers_for(ctx, "sdk", auth="basic"))
        pairs: list[tuple[str, Any]] = [("output_mode", "json"), ("count", ctx.pick((0, 100, 500))), ("offset", ctx.pick((0, 100, 200)))]
        pairs += [("f", f) for f in ctx.rng.sample(["_time", "src_ip", "user", "host", "count", "dest_port"], ctx.rng.randint(0, 3))]
        if ctx.chance(0.5):
            pairs.append(
                ("search", ctx.pick(("| where count > 100", "| search user=*admin*", f'| search src_ip="{_ip(ctx)}"', "| fields - _raw", "| head 50")))
            )
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            f"/siemsearch/services/search/jobs/{seg(ctx, 'sid', sid)}/results",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), auth=ctx.pick(("basic", "jwt"))),
            qs(ctx, pairs, fixed=("output_mode", "count", "offset")),
        )
    if kind == "kql":
        body: dict[str, Any] = {
            "query": j(ctx, "query", _kql(ctx)),
            "timespan": ctx.pick(("P1D", "PT4H", "P7D", f"{v.iso_date(ctx)}/{v.iso_date(ctx)}")),
            "workspaces": [ctx.fake.uuid4() for _ in range(ctx.rng.randint(1, 2))],
            "options": {"truncationMaxRecords": ctx.pick((500, 30000))},
            "title": j(ctx, "title", ctx.pick(("", "Hunt -- " + ctx.en.word(), _one_line(_analyst_note(ctx))[:80]))),
        }
        return req(
            "POST",
            f"/siemsearch/api/v1/workspaces/{seg(ctx, 'workspace', ctx.fake.uuid4())}/query",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "lucene":
        if ctx.chance(0.1):
            return preflight(
                ctx, "/siemsearch/api/v1/saved-searches", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match")
            )
        pairs = [
            ("q", _lucene(ctx)),
            ("index", ctx.pick(("logs-*", "winlogbeat-*", "filebeat-nginx-*", "logs-endpoint.events.process-*"))),
            ("from", ctx.pick((0, 50, 100))),
            ("size", ctx.pick((50, 100, 500))),
            ("sort", "@timestamp:desc"),
            ("tz", ctx.pick(("UTC", "Europe/Berlin", "America/Chicago"))),
        ]
        query = qs(ctx, pairs, fixed=("from", "size", "sort"))
        if ctx.chance(0.6):
            flt = {
                "bool": {
                    "must_not": [
                        {
                            "match_phrase": {
                                "user.name": ctx.slot(
                                    "json_query", "filters.must_not.user.name", ctx.pick(("svc_backup", "SYSTEM", "nessus_scan", ctx.en.user_name()))
                                )
                            }
                        }
                    ],
                    "filter": [
                        {"range": {"@timestamp": {"gte": "now-24h", "lte": "now"}}},
                        {"term": {"host.name": ctx.slot("json_query", "filters.host.name", _host(ctx))}},
                    ],
                }
            }
            query += "&" + json_param(ctx, "filters", flt)
        site = v.site(ctx)
        return req("GET", "/siemsearch/app/discover/api/search", headers_for(ctx, "xhr", cookies=True, referer=site + "/siemsearch/app/discover"), query)
    if kind == "saved":
        name = ctx.pick(
            (
                "Brute force -- Windows logons",
                "Impossible travel (VPN)",
                "New inbox rule by non-admin",
                "Encoded PowerShell",
                "Exfil > 50MB to new domain",
                "Risky CloudTrail console logins",
                f"{ctx.en.word().capitalize()}'s hunt",
            )
        )
        r = ctx.rng.random()
        if r < 0.15:
            return req("DELETE", f"/siemsearch/api/v1/saved-searches/{seg(ctx, 'name', name)}", headers_for(ctx, "xhr", auth="jwt"))
        body = {
            "name": j(ctx, "name", name),
            "description": j(ctx, "description", _analyst_note(ctx)),
            "search": j(ctx, "search", _spl(ctx)),
            "cron_schedule": ctx.pick(("*/15 * * * *", "0 6 * * 1-5", "5 * * * *", "*/5 * * * *")),
            "dispatch": {"earliest_time": "-24h@h", "latest_time": "now"},
            "alert": {
                "condition": ctx.pick(("search count > 0", "search failures > 20", "where countries > 1")),
                "suppress": {"fields": "src_ip,user", "period": "1h"},
                "actions": [
                    {
                        "type": "email",
                        "to": [ctx.fake.email()],
                        "subject": j(
                            ctx, "alert.actions[0].subject", ctx.pick(("[SIEM] $name$ fired -- $job.resultCount$ results", "$result.user$ @ $result.src_ip$"))
                        ),
                    },
                    {"type": "webhook", "url": f"https://hooks.{ctx.en.domain_name()}/services/{v.alnum_token(ctx, 24)}"},
                ],
            },
            "owner": ctx.en.user_name(),
            "sharing": ctx.pick(("app", "user", "global")),
        }
        if r < 0.55:
            return req("POST", "/siemsearch/api/v1/saved-searches", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req(
            "PUT",
            f"/siemsearch/api/v1/saved-searches/{seg(ctx, 'id', str(rid(ctx)))}",
            site_headers(ctx, "xhr", "application/json", "jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
            body=dumps(ctx, body),
        )
    if ctx.chance(0.5):
        return req(
            "PUT",
            f"/siemsearch/api/v1/dashboards/{seg(ctx, 'dashboard', v.slug(ctx))}/source",
            site_headers(ctx, "xhr", ctx.pick(("application/xml", "text/xml; charset=utf-8")), "jwt"),
            body=_simple_xml(ctx),
        )
    panels = [
        {
            "title": j(ctx, f"panels[{i}].title", ctx.pick(("Failed logons", "Top talkers", "Rare parent processes", v.short_text(ctx)))),
            "type": ctx.pick(("timeseries", "table", "stat", "bar")),
            "query": {"language": ctx.pick(("lucene", "kuery")), "query": j(ctx, f"panels[{i}].query", _lucene(ctx))},
            "gridPos": {"x": 12 * (i % 2), "y": 8 * (i // 2), "w": 12, "h": 8},
        }
        for i in range(ctx.rng.randint(1, 4))
    ]
    body = {
        "title": j(ctx, "title", ctx.pick(("Identity -- daily", "Threat hunting: LOLBins", f"{ctx.fake.company()} SOC"))),
        "panels": panels,
        "refreshInterval": ctx.pick(("30s", "5m", "off")),
        "timeRange": {"from": "now-24h", "to": "now"},
        "tags": ["soc", ctx.en.word()],
    }
    return req("POST", "/siemsearch/api/v1/dashboards", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# Detection-rule editor: Sigma YAML, YARA, backtests, coverage (GraphQL)
# --------------------------------------------------------------------------

# (title, tactic tag, technique, logsource lines, detection lines)
_SIGMA = (
    (
        "Suspicious Encoded PowerShell Command Line",
        "attack.execution",
        "t1059.001",
        "    product: windows\n    category: process_creation",
        r"""    selection_img:
        - Image|endswith: '\powershell.exe'
        - OriginalFileName: 'PowerShell.EXE'
    selection_cli:
        CommandLine|contains:
            - ' -enc '
            - ' -EncodedCommand '
            - 'FromBase64String('
    filter_sccm:
        ParentImage|startswith: 'C:\Windows\CCM\'
    condition: all of selection_* and not filter_sccm""",
    ),
    (
        "Certutil Used To Download A File",
        "attack.command_and_control",
        "t1105",
        "    product: windows\n    category: process_creation",
        r"""    selection:
        Image|endswith: '\certutil.exe'
        CommandLine|contains|all:
            - 'urlcache'
            - 'http'
    condition: selection""",
    ),
    (
        "Scheduled Task Created By Non-Admin",
        "attack.persistence",
        "t1053.005",
        "    product: windows\n    category: process_creation",
        r"""    selection:
        Image|endswith: '\schtasks.exe'
        CommandLine|contains: '/create'
    filter_system:
        User|contains:
            - 'AUTHORI'
            - 'AUTORI'
    condition: selection and not filter_system""",
    ),
    (
        "LSASS Memory Access With Dump Rights",
        "attack.credential_access",
        "t1003.001",
        "    product: windows\n    category: process_access",
        r"""    selection:
        TargetImage|endswith: '\lsass.exe'
        GrantedAccess|contains:
            - '0x1010'
            - '0x1410'
            - '0x1fffff'
    filter_defender:
        SourceImage|startswith: 'C:\ProgramData\Microsoft\Windows Defender\Platform\'
    condition: selection and not filter_defender""",
    ),
    (
        "CloudTrail Logging Disabled",
        "attack.defense_evasion",
        "t1562.008",
        "    product: aws\n    service: cloudtrail",
        """    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - DeleteTrail
            - UpdateTrail
    condition: selection""",
    ),
    (
        "Okta MFA Factor Deactivated",
        "attack.persistence",
        "t1556.006",
        "    product: okta\n    service: okta",
        """    selection:
        eventtype: 'user.mfa.factor.deactivate'
        outcome.result: 'SUCCESS'
    condition: selection""",
    ),
    (
        "Executable Bit Set On File In /tmp",
        "attack.execution",
        "t1222.002",
        "    product: linux\n    service: auditd",
        """    selection:
        type: 'EXECVE'
        a0: 'chmod'
        a1: '+x'
        a2|startswith:
            - '/tmp/'
            - '/dev/shm/'
    condition: selection""",
    ),
    (
        "Scripted Client To Newly Seen TLD",
        "attack.command_and_control",
        "t1071.001",
        "    category: proxy",
        """    selection:
        c-useragent|contains:
            - 'python-requests'
            - 'curl/'
        cs-host|endswith:
            - '.top'
            - '.xyz'
    condition: selection""",
    ),
)
_FALSE_POSITIVES = (
    "Legitimate admin scripts signed by IT",
    "SCCM / Intune remediation scripts",
    "Software installers (chocolatey, winget)",
    "Red-team exercises -- check the exercise calendar",
    "Backup agents reading LSASS for snapshots (rare)",
    "Unknown",
)


def _sigma(ctx: Ctx, kind: str) -> str:
    """A Sigma rule as analysts write it; title, description and a false positive are `kind` slots."""
    title, tactic, technique, logsource, detection = ctx.pick(_SIGMA)
    title = _yq(str(ctx.slot(kind, "sigma.title", title if ctx.chance(0.7) else f"{title} ({ctx.en.word()} tuning)")))
    desc = _yq(str(ctx.slot(kind, "sigma.description", _one_line(_analyst_note(ctx)))))
    fp = _yq(str(ctx.slot(kind, "sigma.falsepositives[0]", ctx.pick(_FALSE_POSITIVES))))
    day = v.iso_date(ctx).replace("-", "/")
    return (
        f"title: {title}\nid: {ctx.fake.uuid4()}\nstatus: {ctx.pick(('experimental', 'test', 'stable'))}\ndescription: {desc}\nreferences:\n"
        f"    - https://attack.mitre.org/techniques/{technique.upper().replace('.', '/')}/\nauthor: {_yq(_name(ctx))}\ndate: {day}\n"
        f"tags:\n    - {tactic}\n    - attack.{technique}\nlogsource:\n{logsource}\ndetection:\n{detection}\nfalsepositives:\n    - {fp}\n"
        f"level: {ctx.pick(('low', 'medium', 'high', 'critical'))}\n"
    )


# the text strings of a rule, one string definition per line
_YARA_STRINGS = (
    ('$s1 = "Net.WebClient" ascii wide nocase', '$s2 = "FromBase64String" ascii wide', '$s3 = "-EncodedCommand" ascii wide'),
    ('$s1 = "vssadmin.exe Delete Shadows /All /Quiet" ascii wide nocase', '$s2 = "YOUR FILES ARE ENCRYPTED" ascii wide', '$s3 = ".locked" ascii'),
    ('$s1 = "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)" ascii', '$s2 = "/gate.php" ascii', '$s3 = "POST %s HTTP/1.1" ascii'),
    (r'$s1 = "\\\\.\\pipe\\msagent_" ascii wide', '$s2 = "ReflectiveLoader" ascii', '$s3 = "beacon.dll" ascii nocase'),
    ('$s1 = "AmsiScanBuffer" ascii wide', '$s2 = "EtwEventWrite" ascii wide', '$s3 = "VirtualProtect" ascii'),
)
_YARA_HEX = (
    "{ 4D 5A 90 00 03 00 00 00 04 00 00 00 FF FF }",
    "{ 48 8B 05 ?? ?? ?? ?? 48 85 C0 74 [2-6] E8 }",
    "{ E8 00 00 00 00 5? 48 83 ?? 05 }",
    "{ 6A 40 68 00 30 00 00 ( 6A | 68 ) }",
    "{ FC E8 ?? 00 00 00 [0-16] 60 89 E5 }",
    "{ 7F 45 4C 46 02 01 01 00 }",
)
_YARA_RE = (
    r"/https?:\/\/[a-z0-9.-]{4,40}\/[a-z0-9]{8}\.(ps1|hta|bin)/ nocase",
    r"/[A-Za-z0-9+\/]{200,}={0,2}/",
    r"/\\\\[a-z0-9-]{3,15}\\(ADMIN|C|IPC)\$/ nocase",
    r"/User-Agent: [A-Za-z]{4,8}\/[0-9]\.[0-9]/",
)
_YARA_COND = (
    "uint16(0) == 0x5A4D and filesize < 2MB and (2 of ($s*) or $h1)",
    "any of ($s*) and #re1 > 2",
    "uint32(0) == 0x464C457F and $h1 and not $s3",
    "(all of ($s*) and $re1) or $h1 at pe.entry_point",
    "3 of them and pe.number_of_sections < 4",
)


def _yara(ctx: Ctx, kind: str) -> str:
    """A YARA rule: text, hex (with jumps and wildcards) and regex strings; the description is a `kind` slot."""
    name = (
        ctx.pick(("SUSP_PS_Downloader", "MAL_Ransom_Note_Generic", "HKTL_Beacon_Pipe_Name", "SUSP_AMSI_Bypass_Strings", "MAL_Loader_Stage1"))
        + f"_{ctx.rng.randint(1, 99)}"
    )
    desc = str(ctx.slot(kind, "yara.meta.description", _one_line(_analyst_note(ctx)).replace("\\", "/").replace('"', "'")))
    cond = ctx.pick(_YARA_COND)
    head = 'import "pe"\n\n' if "pe." in cond else ""
    meta = (
        f'author = "{_name(ctx)}"',
        f'description = "{desc}"',
        f'reference = "{_ticket(ctx)}"',
        f'date = "{v.iso_date(ctx)}"',
        f"score = {ctx.rng.randint(40, 90)}",
    )
    strings = (*ctx.pick(_YARA_STRINGS), f"$h1 = {ctx.pick(_YARA_HEX)}", f"$re1 = {ctx.pick(_YARA_RE)}")
    tag = ctx.pick(("windows", "linux", "memory", "office"))
    return (
        f"{head}rule {name} : {tag}\n{{\n    meta:\n"
        + "".join(f"        {line}\n" for line in meta)
        + "    strings:\n"
        + "".join(f"        {line}\n" for line in strings)
        + f"    condition:\n        {cond}\n}}\n"
    )


# benign sample events analysts backtest a rule against (the false positives they expect)
_SAMPLE_EVENTS = (
    (
        r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
        r"powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\ProgramData\chocolatey\helpers\chocolateyScriptRunner.ps1",
    ),
    (
        r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
        "powershell.exe -NonInteractive -Command \"Get-Service -Name 'WinRM' | Select-Object Status\"",
    ),
    (r"C:\Windows\System32\certutil.exe", r'"C:\Windows\System32\certutil.exe" -verify -urlfetch C:\Temp\vendor.cer'),
    (
        r"C:\Windows\System32\schtasks.exe",
        r'schtasks.exe /create /tn "Adobe Acrobat Update Task" /sc daily /st 10:00 /tr "C:\Program Files (x86)\Common Files\Adobe\ARM\1.0\AdobeARM.exe"',
    ),
)

_COVERAGE_QUERY = (
    "query Coverage($tactic: String!, $search: String, $first: Int = 50) {\n  techniques(tactic: $tactic, search: $search, first: $first) {\n"
    "    id\n    name\n    rules { id title level status lastFiredAt }\n  }\n}"
)


@template("train", ("/detectlab/",), weight=1.1)
def detection_rule_editor(ctx: Ctx) -> Request:
    """Detection rules: Sigma pushed as YAML, YARA saved as JSON, rule files uploaded (multipart), backtests, list/search,
    status patches, ATT&CK coverage over GraphQL."""
    kind = ctx.pick(("sigma", "yara", "upload", "backtest", "list", "patch", "graphql"))
    rule_id = str(ctx.fake.uuid4())
    if kind == "sigma":
        return req(
            "PUT",
            f"/detectlab/api/v1/rules/{seg(ctx, 'rule', rule_id)}",
            headers_for(
                ctx,
                ctx.pick(("sdk", "xhr")),
                content_type=ctx.pick(("application/yaml", "application/x-yaml")),
                auth=ctx.pick(("jwt", "apikey")),
                extra=(("If-Match", f'"{ctx.rng.randint(1, 40)}"'),),
            ),
            body=_sigma(ctx, "multipart"),
        )
    if kind == "yara":
        fmt = ctx.pick(("yara", "yara", "sigma"))
        content = _yara(ctx, "json") if fmt == "yara" else _sigma(ctx, "json")
        body = {
            "format": fmt,
            "content": content,
            "enabled": ctx.chance(0.6),
            "folder": j(ctx, "folder", ctx.pick(("windows/execution", "triage", "linux", f"{ctx.en.word()}/wip"))),
            "tags": [j(ctx, f"tags[{i}]", ctx.pick(("ransomware", "loader", "lolbin", "apt", "needs-tuning"))) for i in range(ctx.rng.randint(0, 2))],
            "targets": ctx.rng.sample(["edr", "siem", "sandbox", "mail-gateway"], ctx.rng.randint(1, 2)),
        }
        return req("POST", "/detectlab/api/v1/rules", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "upload":
        if ctx.chance(0.5):
            file = (ctx.pick(("rules.yar", f"{ctx.en.word()}.yara", "triage_2025.yar")), "application/octet-stream", _yara(ctx, "multipart"))
        else:
            file = (ctx.pick(("proc_creation_win_powershell_enc.yml", "rule.yml", f"{ctx.en.word()}.yaml")), "application/x-yaml", _sigma(ctx, "multipart"))
        ctype, body2 = multipart(
            ctx,
            [("folder", ctx.pick(("imports", "community", "windows"))), ("on_conflict", ctx.pick(("skip", "overwrite", "rename")))],
            [("file", file[0], file[1], file[2])],
        )
        return req("POST", "/detectlab/rules/import", form_headers(ctx, "/detectlab/rules/import", ctype), body=body2)
    if kind == "backtest":
        events = []
        for i in range(ctx.rng.randint(1, 3)):
            image, cmdline = ctx.pick(_SAMPLE_EVENTS)
            events.append(
                {
                    "EventID": 1,
                    "Image": image,
                    "Computer": _host(ctx),
                    "CommandLine": j(ctx, f"sample_events[{i}].CommandLine", cmdline),
                    "ParentImage": ctx.pick(("C:\\Windows\\CCM\\CcmExec.exe", "C:\\Windows\\explorer.exe", "C:\\Windows\\System32\\svchost.exe")),
                    "User": ctx.pick(("NT AUTHORITY\\SYSTEM", f"CORP\\{ctx.en.user_name()}")),
                }
            )
        body = {
            "from": v.iso_datetime(ctx),
            "to": v.iso_datetime(ctx),
            "indices": ["winlogbeat-*"],
            "sample_events": events,
            "max_hits": ctx.pick((100, 1000)),
            "note": j(ctx, "note", ctx.pick(("", _analyst_note(ctx)))),
        }
        return req(
            "POST", f"/detectlab/api/v1/rules/{seg(ctx, 'rule', rule_id)}/backtest", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body)
        )
    if kind == "list":
        if ctx.chance(0.15):
            return preflight(
                ctx, "/detectlab/api/v1/rules", ("POST", "PUT", "PATCH", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match")
            )
        pairs = [
            ("q", ctx.pick(("powershell", "lsass", "CommandLine|contains", "certutil urlcache", "author:" + ctx.en.user_name(), v.tricky_search(ctx)))),
            ("tag", ctx.pick(("attack.t1059.001", "attack.t1003.001", "attack.persistence"))),
            ("level", ctx.pick(("high", "critical", "medium"))),
            ("status", ctx.pick(("test", "stable", "experimental"))),
            ("sort", ctx.pick(("-updated", "title", "-hits_7d"))),
            ("page", ctx.rng.randint(1, 9)),
        ]
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            "/detectlab/api/v1/rules",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
            qs(ctx, pairs, fixed=("sort", "page")),
        )
    if kind == "patch":
        if ctx.chance(0.25):
            return req(
                "DELETE",
                f"/detectlab/api/v1/rules/{seg(ctx, 'rule', rule_id)}",
                headers_for(ctx, "xhr", auth="jwt"),
                qs(ctx, [("reason", ctx.pick(("superseded by vendor rule", "duplicate", "too noisy -- see tuning ticket", _ticket(ctx))))]),
            )
        body = {
            "status": ctx.pick(("stable", "deprecated", "test")),
            "level": ctx.pick(("high", "medium")),
            "comment": j(ctx, "comment", _analyst_note(ctx)),
            "exceptions": [
                {"field": "ParentImage", "op": "endswith", "value": j(ctx, "exceptions[0].value", ctx.pick(("\\CcmExec.exe", "\\choco.exe", "\\MsSense.exe")))}
            ],
        }
        return req(
            "PATCH",
            f"/detectlab/api/v1/rules/{seg(ctx, 'rule', rule_id)}",
            headers_for(ctx, "xhr", content_type="application/merge-patch+json", auth="jwt", extra=(("If-Match", f'W/"{v.hex_token(ctx, 12)}"'),)),
            body=dumps(ctx, body),
        )
    body = {
        "operationName": "Coverage",
        "query": _COVERAGE_QUERY,
        "variables": {
            "tactic": j(ctx, "variables.tactic", ctx.pick(("execution", "persistence", "credential-access", "defense-evasion"))),
            "search": j(ctx, "variables.search", ctx.pick(("", "powershell", "T1059", v.tricky_search(ctx)))),
            "first": ctx.pick((20, 50)),
        },
    }
    return req("POST", "/detectlab/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


# --------------------------------------------------------------------------
# PKI / certificate manager: CSRs, chains, OCSP, revocation, ACME
# --------------------------------------------------------------------------


def _dn(ctx: Ctx, cn: str) -> str:
    """A subject DN as RFC 4514 writes it: commas inside values escaped with a backslash."""
    org = ctx.fake.company().replace(",", "\\,")
    return f"CN={cn},OU={ctx.pick(('Platform', 'IT Security', 'Payments', 'R&D'))},O={org},L={ctx.fake.city()},C={ctx.fake.country_code()}"


def _fqdn(ctx: Ctx) -> str:
    return f"{ctx.pick(('api', 'www', 'vpn', 'mail', 'sso', 'grafana', 'git', '*', 'internal-lb'))}.{ctx.en.domain_name()}"


@template("train", ("/certdesk/",), weight=1.0)
def pki_certificate_manager(ctx: Ctx) -> Request:
    """PKI: CSR submissions (JSON), chain uploads (multipart, raw PEM), OCSP GETs, certificate search, revocation (form), ACME (JOSE), renewals and CRLs."""
    kind = ctx.pick(("csr", "csr", "upload", "ocsp", "search", "revoke", "acme", "manage"))
    serial = ":".join(f"{b:02X}" for b in ctx.rng.randbytes(ctx.pick((8, 16))))
    if kind == "csr":
        cn = _fqdn(ctx)
        body: dict[str, Any] = {
            "csr": _pem(ctx, "CERTIFICATE REQUEST", ctx.rng.randint(560, 720)),
            "profile": ctx.pick(("tls-server-397d", "tls-client-1y", "code-signing", "smime-3y")),
            "commonName": j(ctx, "commonName", cn),
            "subjectAltNames": {
                "dns": [j(ctx, "subjectAltNames.dns[0]", cn.replace("*.", ""))] + [_fqdn(ctx) for _ in range(ctx.rng.randint(0, 3))],
                "ip": [_ip(ctx) for _ in range(ctx.rng.randint(0, 2))],
                "uri": [f"spiffe://prod.{ctx.en.domain_name()}/ns/{ctx.en.word()}/sa/{ctx.en.word()}"] if ctx.chance(0.3) else [],
                "email": [ctx.fake.email()] if ctx.chance(0.2) else [],
            },
            "subject": j(ctx, "subject", _dn(ctx, cn)),
            "keyAlgorithm": ctx.pick(("ECDSA-P256", "RSA-2048", "RSA-4096", "Ed25519")),
            "validityDays": ctx.pick((90, 365, 397)),
            "justification": j(
                ctx, "justification", ctx.pick((_analyst_note(ctx), f"Renewal for {cn} -- old cert expires {v.iso_date(ctx)} ({_ticket(ctx)})"))
            ),
            "notify": [ctx.fake.email() for _ in range(ctx.rng.randint(1, 2))],
        }
        profile = ctx.pick(("xhr", "sdk"))
        return req(
            "POST",
            "/certdesk/api/v2/certificate-requests",
            site_headers(ctx, profile, "application/json", "jwt" if profile == "xhr" else "apikey"),
            body=dumps(ctx, body),
        )
    if kind == "upload":
        chain = "".join(_pem(ctx, "CERTIFICATE", ctx.rng.randint(900, 1400)) for _ in range(ctx.rng.randint(1, 3)))
        if ctx.chance(0.35):
            q = qs(
                ctx,
                [("friendly_name", ctx.pick((_fqdn(ctx), f"{ctx.en.word()} (prod) -- {v.iso_date(ctx)}"))), ("replace", ctx.pick(("true", "false")))],
                fixed=("replace",),
            )
            return req(
                "PUT",
                f"/certdesk/api/v2/certificates/{seg(ctx, 'certificate', str(rid(ctx)))}/pem",
                headers_for(ctx, "sdk", content_type="application/x-pem-file", auth="apikey"),
                q,
                chain,
            )
        fields = [
            ("name", ctx.pick((_fqdn(ctx), f"{ctx.fake.company()} wildcard"))),
            ("environment", ctx.pick(("prod", "staging", "lab"))),
            ("notes", _analyst_note(ctx)),
        ]
        ctype, body2 = multipart(ctx, fields, [("chain", ctx.pick(("fullchain.pem", "chain.crt", "star_example_com.pem")), "application/x-pem-file", chain)])
        return req("POST", "/certdesk/certificates/upload", form_headers(ctx, "/certdesk/certificates/new", ctype), body=body2)
    if kind == "ocsp":  # RFC 6960 GET: the DER request, base64, URL-encoded into the path
        der = bytes(
            (0x30, 0x51, 0x30, 0x4F, 0x30, 0x4D, 0x30, 0x4B, 0x30, 0x49, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14)
        ) + ctx.rng.randbytes(58)
        ua = ctx.pick(
            (
                "Microsoft-CryptoAPI/10.0",
                "ocspcheck/1.0",
                "Go-http-client/1.1",
                "Java/17.0.10",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
            )
        )
        path = f"/certdesk/ocsp/{ctx.pick(('issuing-ca-01', 'r3', 'internal-ica'))}/" + _b64(der).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        return req("GET", path, _raw_headers(ctx, ua, [("Accept", "*/*"), ("Cache-Control", "no-cache"), ("Connection", "Keep-Alive")]))
    if kind == "search":
        cn = _fqdn(ctx)
        pairs = [
            ("subject", ctx.pick((f"CN={cn}", _dn(ctx, cn), cn))),
            ("san", ctx.pick(("", _fqdn(ctx), _ip(ctx)))),
            ("expiring_within", ctx.pick(("7d", "30d", "90d"))),
            ("issuer", ctx.pick(("CN=Corp Issuing CA 01,O=Corp,C=US", "Let's Encrypt R11", "DigiCert Global G2 TLS RSA SHA256 2020 CA1"))),
            ("status", ctx.pick(("active", "revoked", "expired"))),
            ("sort", ctx.pick(("not_after", "-issued_at"))),
        ]
        return req("GET", "/certdesk/api/v2/certificates", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("sort",)))
    if kind == "revoke":
        fields = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            ("revocation[reason]", ctx.pick(("keyCompromise", "superseded", "cessationOfOperation", "affiliationChanged"))),
            ("revocation[invalidity_date]", v.iso_date(ctx)),
            (
                "revocation[comment]",
                ctx.pick((_analyst_note(ctx), "Private key was committed to a public repo -- rotated", f"Host {_host(ctx)} decommissioned ({_ticket(ctx)})")),
            ),
            ("revocation[confirm_cn]", _fqdn(ctx)),
        ]
        return req(
            "POST",
            f"/certdesk/certificates/{seg(ctx, 'serial', serial)}/revoke",
            form_headers(ctx, "/certdesk/certificates"),
            body=form(ctx, fields, fixed=("authenticity_token",)),
        )
    if kind == "acme":
        host = f"https://pki.{ctx.en.domain_name()}/certdesk/acme"
        order = v.alnum_token(ctx, 22)
        finalize = ctx.chance(0.4)
        url = f"{host}/order/{order}/finalize" if finalize else f"{host}/new-order"
        protected = {
            "alg": ctx.pick(("ES256", "RS256")),
            "kid": f"{host}/acct/{ctx.rng.randint(1, 99999)}",
            "nonce": v.b64url(ctx.rng.randbytes(16)),
            "url": url,
        }
        payload = (
            {"csr": v.b64url(ctx.rng.randbytes(ctx.rng.randint(300, 500)))}
            if finalize
            else {"identifiers": [{"type": "dns", "value": _fqdn(ctx).replace("internal-lb", "lb")} for _ in range(ctx.rng.randint(1, 3))]}
        )
        body = {
            "protected": v.b64url(json.dumps(protected).encode()),
            "payload": v.b64url(json.dumps(payload).encode()),
            "signature": v.b64url(ctx.rng.randbytes(64)),
        }
        ua = ctx.pick(
            (
                "CertbotACMEClient/2.10.0 (certbot; Ubuntu 22.04.4 LTS) Authenticator/nginx Installer/nginx (renew; flags: n) Py/3.10.12",
                "lego-cli/4.16.1 xenolf-acme/4.16.1 (release; linux; amd64)",
                "cert-manager-acme/v1.14.4 (linux/amd64)",
                "acme.sh/3.0.7 (https://github.com/acmesh-official/acme.sh)",
            )
        )
        path = f"/certdesk/acme/order/{seg(ctx, 'order', order)}/finalize" if finalize else "/certdesk/acme/new-order"
        return req("POST", path, _raw_headers(ctx, ua, [("Content-Type", "application/jose+json"), ("Accept", "application/json")]), body=json.dumps(body))
    r = ctx.rng.random()
    if r < 0.15:
        return preflight(ctx, "/certdesk/api/v2/certificate-requests", ("POST", "PATCH"), ("authorization,content-type", "authorization,content-type,if-match"))
    if r < 0.35:
        return req(
            ctx.pick(("HEAD", "GET")),
            f"/certdesk/crl/{seg(ctx, 'ca', ctx.pick(('issuing-ca-01', 'root-g2', 'internal-ica')))}.crl",
            _raw_headers(
                ctx, ctx.pick(("Microsoft-CryptoAPI/10.0", "curl/8.5.0")), [("Accept", "*/*"), ("If-Modified-Since", "Mon, 03 Mar 2025 08:00:00 GMT")]
            ),
        )
    if r < 0.5:
        return req("DELETE", f"/certdesk/api/v2/certificates/{seg(ctx, 'certificate', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    body = {
        "autoRenew": ctx.chance(0.7),
        "renewBeforeDays": ctx.pick((14, 30, 45)),
        "owner": j(ctx, "owner", _name(ctx)),
        "notify": [j(ctx, "notify[0]", ctx.fake.email())],
        "deployTargets": [
            {
                "type": ctx.pick(("f5", "k8s-secret", "azure-keyvault")),
                "ref": j(ctx, "deployTargets[0].ref", ctx.pick(("prod/ingress-tls", "/Common/www_clientssl", f"kv-{ctx.en.word()}/tls"))),
            }
        ],
        "notes": j(ctx, "notes", _analyst_note(ctx)),
    }
    return req(
        "PATCH",
        f"/certdesk/api/v2/certificates/{seg(ctx, 'certificate', str(rid(ctx)))}",
        site_headers(ctx, "xhr", "application/json", "jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 20)}"'),)),
        body=dumps(ctx, body),
    )


# --------------------------------------------------------------------------
# Secrets vault: KV, transit, leases, policies (HCL), database roles, login
# --------------------------------------------------------------------------


def _vault_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    """A Vault CLI/SDK or the vault UI: token header, sometimes a namespace (a header slot)."""
    profile = ctx.pick(("sdk", "sdk", "xhr"))
    extra = [("X-Vault-Token", "hvs." + v.alnum_token(ctx, ctx.pick((24, 90))))]
    if ctx.chance(0.35):
        extra.append(
            ("X-Vault-Namespace", header_slot(ctx, "X-Vault-Namespace", ctx.pick(("admin", "admin/payments", "eu/platform", f"admin/{ctx.en.word()}"))))
        )
    if profile == "xhr":
        extra.append(("X-Vault-Request", "true"))
    return headers_for(ctx, profile, content_type=content_type, extra=tuple(extra))


def _vault_path(ctx: Ctx) -> str:
    team, env = ctx.pick(("payments", "platform", "data", "web", ctx.en.word())), ctx.pick(("prod", "staging", "dev"))
    return f"{team}/{env}/{ctx.pick(('postgres', 'stripe', 'smtp', 'github-app', 'redis'))}"


def _hcl_policy(ctx: Ctx, comment: str) -> str:
    """A Vault ACL policy in HCL, with templated paths and parameter constraints."""
    team = ctx.pick(("payments", "platform", "data", "web"))
    blocks = [
        f'path "secret/data/{team}/*" {{\n  capabilities = ["create", "read", "update", "patch", "list"]\n}}',
        f'path "secret/metadata/{team}/*" {{\n  capabilities = ["list", "read"]\n}}',
        f'path "database/creds/{team}-readonly" {{\n  capabilities = ["read"]\n}}',
        'path "secret/data/users/{{identity.entity.name}}/*" {\n  capabilities = ["create", "read", "update", "delete"]\n}',
        f'path "transit/encrypt/{team}" {{\n  capabilities = ["update"]\n  allowed_parameters = {{\n    "plaintext" = []\n    "context"   = []\n  }}\n}}',
        f'path "secret/data/{team}/prod/*" {{\n  capabilities = ["deny"]\n}}',
        'path "sys/leases/renew" {\n  capabilities = ["update"]\n}',
        'path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}',
    ]
    chosen = ctx.rng.sample(blocks, ctx.rng.randint(2, 5))
    return f"# {comment}\n# owner: {ctx.fake.email()}\n\n" + "\n\n".join(chosen) + "\n"


_CREATION_SQL = (
    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
    'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
    'GRANT USAGE ON SCHEMA reporting TO "{{name}}"; GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO "{{name}}";',
    "CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'; GRANT SELECT ON orders.* TO '{{name}}'@'%';",
)
_REVOCATION_SQL = ('REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM "{{name}}";', 'DROP ROLE IF EXISTS "{{name}}";')
_REVOCATION_MYSQL = "DROP USER IF EXISTS '{{name}}'@'%';"


@template("train", ("/vaultui/",), weight=1.0)
def secrets_vault_console(ctx: Ctx) -> Request:
    """Secrets vault: KV v2 reads/writes/LISTs, metadata patches, transit encrypt/decrypt, lease renew/revoke, HCL policies (JSON, text), DB roles, logins."""
    kind = ctx.pick(("kv", "kv", "transit", "lease", "policy", "database", "login"))
    mount = ctx.pick(("secret", "kv", "team-kv"))
    if kind == "kv":
        r = ctx.rng.random()
        if r < 0.2:
            return req("LIST", f"/vaultui/v1/{mount}/metadata/{seg(ctx, 'path', _vault_path(ctx).rsplit('/', 1)[0])}/", _vault_headers(ctx))
        if r < 0.4:
            q = qs(ctx, [("version", ctx.rng.randint(1, 12))]) if ctx.chance(0.5) else ""
            return req("GET", f"/vaultui/v1/{mount}/data/{seg(ctx, 'path', _vault_path(ctx))}", _vault_headers(ctx), q)
        if r < 0.55:
            body: dict[str, Any] = {
                "max_versions": ctx.pick((5, 10, 20)),
                "delete_version_after": ctx.pick(("0s", "768h")),
                "custom_metadata": {
                    "owner": j(ctx, "custom_metadata.owner", _name(ctx)),
                    "rotation": ctx.pick(("30d", "90d", "manual")),
                    "runbook": j(ctx, "custom_metadata.runbook", f"https://wiki.{ctx.en.domain_name()}/display/SEC/{ctx.en.word()}+rotation"),
                },
            }
            return req(
                "PATCH",
                f"/vaultui/v1/{mount}/metadata/{seg(ctx, 'path', _vault_path(ctx))}",
                _vault_headers(ctx, "application/merge-patch+json"),
                body=dumps(ctx, body),
            )
        data = {
            "DB_USER": j(ctx, "data.DB_USER", ctx.pick(("svc_orders", "app_rw", ctx.en.user_name()))),
            "DB_PASSWORD": f"{v.alnum_token(ctx, 20)}!{ctx.rng.randint(10, 99)}#",
            "STRIPE_API_KEY": "sk_test_" + v.alnum_token(ctx, 24),
            "SMTP_URL": f"smtp://apikey:{v.alnum_token(ctx, 18)}@smtp.{ctx.en.domain_name()}:587",
            "notes": j(ctx, "data.notes", ctx.pick(("", _analyst_note(ctx), f"Rotated by {_name(ctx)} after {_ticket(ctx)}"))),
        }
        if ctx.chance(0.3):
            data["config.json"] = j(
                ctx, "data.config.json", json.dumps({"feature_flags": {"new_checkout": True}, "allowed_origins": [f"https://{ctx.en.domain_name()}"]})
            )
        body = {"options": {"cas": ctx.rng.randint(0, 12)}, "data": data}
        return req(
            ctx.pick(("POST", "PUT")),
            f"/vaultui/v1/{mount}/data/{seg(ctx, 'path', _vault_path(ctx))}",
            _vault_headers(ctx, "application/json"),
            body=dumps(ctx, body),
        )
    if kind == "transit":
        key = ctx.pick(("orders-pii", "payments", "customer-ssn", f"{ctx.en.word()}-key"))
        if ctx.chance(0.5):
            items = [
                {
                    "plaintext": _b64(ctx.fake.sentence().encode()),
                    "context": _b64(str(rid(ctx)).encode()),
                    "reference": j(ctx, f"batch_input[{i}].reference", ctx.pick((ctx.fake.uuid4(), f"customer:{rid(ctx)}", ctx.en.word()))),
                }
                for i in range(ctx.rng.randint(1, 4))
            ]
            path = f"/vaultui/v1/transit/encrypt/{seg(ctx, 'key', key)}"
        else:
            items = [
                {
                    "ciphertext": f"vault:v{ctx.rng.randint(1, 4)}:" + _b64(ctx.rng.randbytes(ctx.rng.randint(28, 90))),
                    "reference": j(ctx, f"batch_input[{i}].reference", ctx.pick((ctx.fake.uuid4(), f"row {rid(ctx)}"))),
                }
                for i in range(ctx.rng.randint(1, 4))
            ]
            path = f"/vaultui/v1/transit/decrypt/{seg(ctx, 'key', key)}"
        return req("POST", path, _vault_headers(ctx, "application/json"), body=dumps(ctx, {"batch_input": items}))
    if kind == "lease":
        lease = f"{ctx.pick(('database/creds/readonly', 'database/creds/app-rw', 'aws/creds/deploy', 'pki/issue/web'))}/{v.alnum_token(ctx, 24)}"
        if ctx.chance(0.6):
            body = {"lease_id": j(ctx, "lease_id", lease), "increment": ctx.pick((3600, 86400, "1h"))}
            return req("PUT", "/vaultui/v1/sys/leases/renew", _vault_headers(ctx, "application/json"), body=dumps(ctx, body))
        if ctx.chance(0.5):
            return req(
                "PUT", f"/vaultui/v1/sys/leases/revoke-prefix/{seg(ctx, 'prefix', lease.rsplit('/', 1)[0])}", _vault_headers(ctx, "application/json"), body="{}"
            )
        return req(
            "PUT",
            "/vaultui/v1/sys/leases/revoke",
            _vault_headers(ctx, "application/json"),
            body=dumps(ctx, {"lease_id": j(ctx, "lease_id", lease), "sync": True}),
        )
    if kind == "policy":
        name = ctx.pick(("payments-app", "ci-deployer", "readonly-auditor", f"{ctx.en.word()}-team"))
        r = ctx.rng.random()
        if r < 0.15:
            return req("DELETE", f"/vaultui/v1/sys/policies/acl/{seg(ctx, 'policy', name)}", _vault_headers(ctx))
        if r < 0.45:
            comment = str(ctx.slot("multipart", "policy.comment", _one_line(_analyst_note(ctx))))
            return req(
                "PUT",
                f"/vaultui/ui/policies/{seg(ctx, 'policy', name)}/hcl",
                site_headers(ctx, "xhr", "text/plain; charset=utf-8", None, cookies=True),
                body=_hcl_policy(ctx, comment),
            )
        comment = str(j(ctx, "policy.comment", _one_line(_analyst_note(ctx))))
        return req(
            "PUT",
            f"/vaultui/v1/sys/policies/acl/{seg(ctx, 'policy', name)}",
            _vault_headers(ctx, "application/json"),
            body=dumps(ctx, {"policy": _hcl_policy(ctx, comment)}),
        )
    if kind == "database":
        if ctx.chance(0.4):
            body = {
                "plugin_name": ctx.pick(("postgresql-database-plugin", "mysql-database-plugin")),
                "connection_url": j(
                    ctx, "connection_url", f"postgresql://{{{{username}}}}:{{{{password}}}}@pg-primary.{ctx.en.domain_name()}:5432/orders?sslmode=verify-full"
                ),
                "allowed_roles": "readonly,app-rw",
                "username": j(ctx, "username", "vault_admin"),
                "password": v.alnum_token(ctx, 28),
                "verify_connection": True,
            }
            return req(
                "POST",
                f"/vaultui/v1/database/config/{seg(ctx, 'connection', ctx.pick(('orders-pg', 'billing-mysql', 'analytics')))}",
                _vault_headers(ctx, "application/json"),
                body=dumps(ctx, body),
            )
        postgres = ctx.chance(0.7)
        creation = ctx.rng.sample(_CREATION_SQL[:3], ctx.rng.randint(1, 2)) if postgres else [_CREATION_SQL[3]]
        revocation = list(_REVOCATION_SQL[: ctx.rng.randint(1, 2)]) if postgres else [_REVOCATION_MYSQL]
        body = {
            "db_name": ctx.pick(("orders-pg", "analytics")) if postgres else "billing-mysql",
            "creation_statements": [j(ctx, f"creation_statements[{i}]", s) for i, s in enumerate(creation)],
            "revocation_statements": revocation,
            "default_ttl": ctx.pick(("1h", "4h")),
            "max_ttl": ctx.pick(("24h", "72h")),
        }
        return req(
            "POST",
            f"/vaultui/v1/database/roles/{seg(ctx, 'role', ctx.pick(('readonly', 'app-rw', 'bi-reader')))}",
            _vault_headers(ctx, "application/json"),
            body=dumps(ctx, body),
        )
    if ctx.chance(0.15):
        return preflight(
            ctx, "/vaultui/v1/sys/policies/acl/default", ("PUT", "DELETE", "LIST"), ("x-vault-token,content-type", "x-vault-token,x-vault-namespace")
        )
    if ctx.chance(0.5):
        body = {"password": j(ctx, "password", f"{ctx.en.word().capitalize()}-{ctx.rng.randint(1000, 9999)}-{ctx.pick(('!', '#', '&', '%'))}{ctx.en.word()}")}
        return req(
            "POST",
            f"/vaultui/v1/auth/{ctx.pick(('userpass', 'ldap'))}/login/{seg(ctx, 'username', ctx.en.user_name())}",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json"),
            body=dumps(ctx, body),
        )
    body = {"role_id": ctx.fake.uuid4(), "secret_id": ctx.fake.uuid4()}
    return req(
        "POST",
        f"/vaultui/v1/auth/{seg(ctx, 'mount', ctx.pick(('approle', 'approle-ci')))}/login",
        headers_for(ctx, "sdk", content_type="application/json"),
        body=dumps(ctx, body),
    )


# --------------------------------------------------------------------------
# Cloud IAM policy editor: AWS policies, simulator, GCP bindings, Azure roles
# --------------------------------------------------------------------------

_REGIONS = ("us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2")


def _statements(ctx: Ctx) -> list[dict[str, Any]]:
    """IAM statements as people write them: wildcards, ARNs, policy variables, conditions."""
    acct, region = str(ctx.rng.randrange(10**11, 10**12)), ctx.pick(_REGIONS)
    bucket = f"{ctx.en.word()}-{ctx.pick(('logs', 'artifacts', 'backups', 'data-lake'))}-{ctx.rng.randint(100, 999)}"
    team = ctx.pick(("payments", "platform", "data"))
    options = [
        {
            "Sid": "HomePrefixReadWrite",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": f"arn:aws:s3:::{bucket}/home/${{aws:username}}/*",
        },
        {
            "Sid": "ListOwnPrefix",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": f"arn:aws:s3:::{bucket}",
            "Condition": {"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/*"]}},
        },
        {
            "Sid": "DenyOutsideCorpNetwork",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": [_cidr(ctx), _cidr(ctx)]}, "Bool": {"aws:ViaAWSService": "false"}},
        },
        {
            "Sid": "StartStopOwnTeam",
            "Effect": "Allow",
            "Action": ["ec2:StartInstances", "ec2:StopInstances"],
            "Resource": f"arn:aws:ec2:{region}:{acct}:instance/*",
            "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}},
        },
        {
            "Sid": "DenyWithoutMFA",
            "Effect": "Deny",
            "NotAction": ["iam:ChangePassword", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
        {
            "Sid": "KmsViaS3Only",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": f"arn:aws:kms:{region}:{acct}:key/{ctx.fake.uuid4()}",
            "Condition": {"StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"}},
        },
        {
            "Sid": "AssumeDeployRoles",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": f"arn:aws:iam::{acct}:role/deploy-*",
            "Condition": {"StringLike": {"sts:RoleSessionName": "${aws:username}-*"}},
        },
        {
            "Sid": "TeamSecretsUntilYearEnd",
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": f"arn:aws:secretsmanager:{region}:{acct}:secret:{team}/*",
            "Condition": {"DateLessThan": {"aws:CurrentTime": "2025-12-31T23:59:59Z"}},
        },
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:{region}:{acct}:log-group:/aws/lambda/{ctx.en.word()}-*:*",
        },
        {"Sid": "ReadOnlyEverything", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "ec2:Describe*", "cloudwatch:Get*"], "Resource": "*"},
    ]
    return ctx.rng.sample(options, ctx.rng.randint(1, 4))


def _aws_headers(ctx: Ctx, service: str, content_type: str) -> list[list[str]]:
    """An AWS CLI / SDK / Terraform client signing with SigV4."""
    n = ctx.rng.randint(40, 99)
    ua = ctx.pick(
        (
            (
                f"aws-cli/2.{ctx.rng.randint(13, 22)}.{ctx.rng.randint(0, 40)} Python/3.11.8 "
                "Linux/6.5.0-1017-aws exe/x86_64.ubuntu.22 prompt/off command/iam.create-policy"
            ),
            (
                f"Boto3/1.34.{n} md/Botocore#1.34.{n} ua/2.0 os/linux#6.5.0 md/arch#x86_64 "
                f"lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.{n}"
            ),
            "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/iam#1.31.4",
            (
                "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) "
                "terraform-provider-aws/5.43.0 aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 api/iam#1.31.4"
            ),
        )
    )
    stamp = v.when(ctx).strftime("%Y%m%dT%H%M%SZ")
    auth = (
        f"AWS4-HMAC-SHA256 Credential={ctx.pick(('AKIA', 'ASIA'))}{v.alnum_token(ctx, 16).upper()}/{stamp[:8]}/us-east-1/{service}/aws4_request, "
        f"SignedHeaders=content-type;host;x-amz-date, Signature={v.hex_token(ctx, 64)}"
    )
    return _raw_headers(ctx, ua, [("Content-Type", content_type), ("X-Amz-Date", stamp), ("Authorization", auth)])


_CEL = (
    'resource.name.startsWith("projects/_/buckets/{b}/objects/reports/") && request.time < timestamp("2025-12-31T23:59:59Z")',
    'resource.type == "storage.googleapis.com/Bucket" || resource.matchTag("{n}/env", "dev")',
    'api.getAttribute("iam.googleapis.com/modifiedGrantsByRole", []).hasOnly(["roles/viewer", "roles/logging.viewer"])',
    (
        'request.time.getHours("Europe/Berlin") >= 8 && request.time.getHours("Europe/Berlin") '
        '< 18 && request.time.getDayOfWeek("Europe/Berlin") in [1, 2, 3, 4, 5]'
    ),
    "resource.name.extract('projects/{project}/secrets/{name}/') in ['db-password', 'api-key']",
)


@template("train", ("/iamstudio/",), weight=1.0)
def cloud_iam_policy_editor(ctx: Ctx) -> Request:
    """Cloud IAM: AWS CreatePolicy (query API form), policy drafts (JSON, If-Match), simulator, GCP setIamPolicy with CEL,
    Azure role definitions, findings, reviews."""
    kind = ctx.pick(("create", "draft", "draft", "simulate", "gcp", "azure", "findings", "review"))
    doc = {"Version": "2012-10-17", "Statement": _statements(ctx)}
    if kind == "create":
        fields = [
            ("Action", "CreatePolicy"),
            ("PolicyName", ctx.pick(("S3HomeFolders", "DenyOutsideVPN", f"{ctx.en.word().capitalize()}DeployAccess", "ReadOnlyAuditors"))),
            ("Path", ctx.pick(("/", "/teams/payments/", "/service-role/"))),
            ("PolicyDocument", json.dumps(doc, indent=ctx.pick((None, 2, 4)))),
            ("Description", ctx.pick(("", _one_line(_analyst_note(ctx))[:200], f"Least-privilege replacement for AdministratorAccess ({_ticket(ctx)})"))),
            ("Version", "2010-05-08"),
        ]
        return req(
            "POST",
            "/iamstudio/aws/iam/",
            _aws_headers(ctx, "iam", "application/x-www-form-urlencoded; charset=utf-8"),
            body=form(ctx, fields, fixed=("Action", "Version")),
        )
    if kind == "draft":
        doc["Statement"][0]["Sid"] = j(ctx, "document.Statement[0].Sid", doc["Statement"][0].get("Sid", "Stmt" + str(ctx.rng.randrange(10**12, 10**13))))
        body = {
            "document": doc,
            "comment": j(ctx, "comment", ctx.pick(("", _analyst_note(ctx), "Replaced Action: * with the minimum set; s3:* on arn:aws:s3:::* was flagged"))),
            "author": _name(ctx),
        }
        return req(
            ctx.pick(("PUT", "POST")),
            f"/iamstudio/api/policies/{seg(ctx, 'policy', ctx.fake.uuid4())}/versions/draft",
            site_headers(ctx, "xhr", "application/json", "jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 32)}"'),)),
            body=dumps(ctx, body),
        )
    if kind == "simulate":
        acct = ctx.rng.randrange(10**11, 10**12)
        body = {
            "policyInputList": [json.dumps(doc)],
            "actionNames": [j(ctx, "actionNames[0]", ctx.pick(("s3:GetObject", "ec2:StopInstances", "sts:AssumeRole", "kms:Decrypt")))],
            "resourceArns": [
                j(
                    ctx,
                    "resourceArns[0]",
                    ctx.pick((f"arn:aws:s3:::{ctx.en.word()}-logs/home/{ctx.en.user_name()}/report.csv", f"arn:aws:iam::{acct}:role/deploy-web", "*")),
                )
            ],
            "contextEntries": [
                {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": [_ip(ctx)], "ContextKeyType": "ip"},
                {"ContextKeyName": "aws:username", "ContextKeyValues": [j(ctx, "contextEntries[1].value", ctx.en.user_name())], "ContextKeyType": "string"},
            ],
            "callerArn": f"arn:aws:iam::{acct}:user/{ctx.en.user_name()}",
        }
        return req("POST", "/iamstudio/api/simulate", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "gcp":
        project = f"{ctx.en.word()}-{ctx.pick(('prod', 'staging', 'shared'))}-{ctx.rng.randint(1000, 9999)}"
        cond = ctx.pick(_CEL).replace("{b}", f"{ctx.en.word()}-exports").replace("{n}", str(ctx.rng.randrange(10**11, 10**12)))
        bindings = [
            {
                "role": ctx.pick(
                    ("roles/storage.objectViewer", "roles/bigquery.dataViewer", "roles/secretmanager.secretAccessor", "roles/iam.serviceAccountUser")
                ),
                "members": [
                    f"user:{ctx.fake.email()}",
                    f"serviceAccount:ci-deployer@{project}.iam.gserviceaccount.com",
                    f"group:{ctx.en.word()}-admins@{ctx.en.domain_name()}",
                ],
                "condition": {
                    "title": j(ctx, "policy.bindings[0].condition.title", ctx.pick(("business-hours-only", "expires-2025", "reports prefix only"))),
                    "description": j(ctx, "policy.bindings[0].condition.description", _analyst_note(ctx)),
                    "expression": j(ctx, "policy.bindings[0].condition.expression", cond),
                },
            },
            {"role": "roles/viewer", "members": [f"domain:{ctx.en.domain_name()}"]},
        ]
        body = {
            "policy": {
                "version": 3,
                "etag": _b64(ctx.rng.randbytes(8)),
                "bindings": bindings,
                "auditConfigs": [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ"}]}],
            },
            "updateMask": "bindings,etag,auditConfigs",
        }
        return req(
            "POST",
            f"/iamstudio/gcp/v1/projects/{seg(ctx, 'project', project)}:setIamPolicy",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/json", auth="jwt"),
            body=dumps(ctx, body),
        )
    if kind == "azure":
        sub = ctx.fake.uuid4()
        props = {
            "roleName": j(
                ctx, "properties.roleName", ctx.pick(("VM Operator (no delete)", "Key Vault Secrets Reader -- app teams", f"{ctx.fake.company()} Auditor"))
            ),
            "description": j(ctx, "properties.description", _analyst_note(ctx)),
            "type": "CustomRole",
            "assignableScopes": [f"/subscriptions/{sub}", f"/subscriptions/{sub}/resourceGroups/rg-{ctx.en.word()}-prod"],
            "permissions": [
                {
                    "actions": ctx.rng.sample(
                        [
                            "Microsoft.Compute/*/read",
                            "Microsoft.Compute/virtualMachines/start/action",
                            "Microsoft.Compute/virtualMachines/restart/action",
                            "Microsoft.Network/networkInterfaces/*",
                            "Microsoft.Resources/subscriptions/resourceGroups/read",
                        ],
                        3,
                    ),
                    "notActions": ["Microsoft.Compute/virtualMachines/delete", "Microsoft.Authorization/*/write"],
                    "dataActions": ctx.pick(([], ["Microsoft.KeyVault/vaults/secrets/getSecret/action"])),
                    "notDataActions": [],
                }
            ],
        }
        return req(
            "PUT",
            f"/iamstudio/azure/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{seg(ctx, 'role', ctx.fake.uuid4())}",
            headers_for(ctx, "sdk", content_type="application/json", auth="jwt"),
            "api-version=2022-04-01",
            dumps(ctx, {"properties": props}),
        )
    if kind == "findings":
        r = ctx.rng.random()
        if r < 0.12:
            return preflight(ctx, "/iamstudio/api/policies", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match"))
        if r < 0.3:
            return req(
                "DELETE",
                f"/iamstudio/api/policies/{seg(ctx, 'policy', ctx.fake.uuid4())}/versions/{seg(ctx, 'version', 'v' + str(ctx.rng.randint(1, 5)))}",
                headers_for(ctx, "xhr", auth="jwt"),
            )
        pairs = [
            ("resource", ctx.pick(("arn:aws:s3:::*", f"arn:aws:iam::{ctx.rng.randrange(10**11, 10**12)}:role/*", "*"))),
            ("action", ctx.pick(("s3:*", "iam:Pass*", "*:*", "kms:Decrypt"))),
            ("severity", ctx.pick(("high", "critical", "medium"))),
            ("q", ctx.pick(("", "wildcard principal", "NotAction", v.tricky_search(ctx)))),
        ]
        query = qs(ctx, pairs)
        if ctx.chance(0.5):
            query += "&" + json_param(
                ctx,
                "filter",
                {
                    "principal": {"contains": ctx.slot("json_query", "filter.principal.contains", ctx.pick(("*", "arn:aws:iam::*:root", ctx.en.user_name())))},
                    "status": {"in": ["ACTIVE", "ARCHIVED"]},
                },
            )
        return req(ctx.pick(("GET", "GET", "HEAD")), "/iamstudio/api/findings", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), query)
    stmt = json.dumps(doc["Statement"][0], indent=2)
    comment = ctx.pick(
        (
            f"This grants more than it needs:\n\n```json\n{stmt}\n```\n\nCan we scope `Resource` to the team prefix and drop the `*`?",
            f"LGTM -- {_analyst_note(ctx)}",
            f"`NotAction` + `Deny` reads backwards to me; please add a comment. cc @{ctx.en.user_name()}",
        )
    )
    if ctx.chance(0.6):
        body = {
            "body": j(ctx, "body", comment),
            "path": f"Statement[{ctx.rng.randint(0, 3)}].Resource",
            "line": ctx.rng.randint(3, 40),
            "suggestion": j(ctx, "suggestion", ctx.pick(("", "arn:aws:s3:::reports-bucket/reports/*", "${aws:PrincipalTag/team}"))),
        }
        return req(
            "POST",
            f"/iamstudio/api/reviews/{seg(ctx, 'review', str(rid(ctx)))}/comments",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    body = {"state": ctx.pick(("approved", "changes_requested")), "summary": j(ctx, "summary", comment)}
    return req(
        "PATCH",
        f"/iamstudio/api/reviews/{seg(ctx, 'review', str(rid(ctx)))}",
        headers_for(ctx, "xhr", content_type="application/merge-patch+json", auth="jwt", extra=(("If-Match", f'W/"{ctx.rng.randint(1, 30)}"'),)),
        body=dumps(ctx, body),
    )


# --------------------------------------------------------------------------
# Firewall / network ACL manager: rules, iptables/nftables imports, PAN-OS API, objects
# --------------------------------------------------------------------------


def _fw_comment(ctx: Ctx) -> str:
    """A rule comment as network engineers write it (no double quotes: they sit inside `--comment "..."`)."""
    return ctx.pick(
        (
            f"Temp allow for vendor remote support -- remove after {v.iso_date(ctx)} ({_ticket(ctx)})",
            f"Blocked a SQL injection attempt on the login form from this /24; WAF caught it first ({_ticket(ctx)})",
            f"per {_name(ctx)}'s request; 5432 only from the bastion",
            "Legacy FTP (20-21) -- decom planned Q3",
            "node_exporter -- prometheus only",
            f"ssh from office VPN ({_cidr(ctx)})",
            "DNS to resolvers only; drop everything else",
            _one_line(v.prose(ctx, 1, 1, trap_rate=0.4)).replace('"', "'"),
        )
    )


def _ports(ctx: Ctx) -> str:
    return ctx.pick(("443", "80,443", "8000-8100", "22", "5432", "3389", "1024-65535", "53", "6443,2379-2380", "9100"))


def _iptables_save(ctx: Ctx) -> str:
    """An iptables-save dump with one comment a slot (payloads go in as is)."""
    note = str(ctx.slot("multipart", "iptables.comment", _fw_comment(ctx)))
    when = v.when(ctx).strftime("%a %b %d %H:%M:%S %Y")
    rules = [
        f'-A INPUT -s {_cidr(ctx, v6=False)} -p tcp -m tcp --dport 22 -m comment --comment "{note}" -j ACCEPT',
        "-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT",
        f'-A INPUT -s {_cidr(ctx, v6=False)} -p tcp -m tcp --dport 9100 -m comment --comment "node_exporter -- prometheus only" -j ACCEPT',
        "-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT",
        f"-A INPUT -s {_cidr(ctx, v6=False)} -p udp -m udp --dport 51820 -j ACCEPT",
        '-A INPUT -m limit --limit 2/min -j LOG --log-prefix "iptables-drop: " --log-level 4',
    ]
    picked = [rules[0]] + ctx.rng.sample(rules[1:], ctx.rng.randint(1, 5))
    out = (
        f"# Generated by iptables-save v1.8.7 on {when}\n*filter\n:INPUT DROP [0:0]\n:FORWARD DROP "
        f"[0:0]\n:OUTPUT ACCEPT [{ctx.rng.randint(100, 99999)}:{ctx.rng.randint(10**4, 10**7)}]\n"
        "-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n" + "\n".join(picked) + f"\nCOMMIT\n# Completed on {when}\n"
    )
    if ctx.chance(0.4):
        out += (
            f"# Generated by iptables-save v1.8.7 on {when}\n*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
            "-A PREROUTING -i eth0 -p tcp -m tcp --dport 8443 -j DNAT --to-destination "
            f"{_ip(ctx)}:443\n-A POSTROUTING -s 10.8.0.0/24 -o eth0 -j MASQUERADE\nCOMMIT\n"
        )
    return out


def _nft_ruleset(ctx: Ctx) -> str:
    note = str(ctx.slot("multipart", "nft.comment", _fw_comment(ctx)))
    return (
        "#!/usr/sbin/nft -f\nflush ruleset\n\n"
        f"define MGMT_V4 = {{ {_cidr(ctx, v6=False)}, {_cidr(ctx, v6=False)} }}\n\ntable inet filter {{\n"
        f"    set blocklist_v4 {{\n        type ipv4_addr\n        flags interval\n        "
        f"elements = {{ 198.51.100.{ctx.rng.randint(1, 254)}, 203.0.113.0/28 }}\n    }}\n\n"
        "    chain input {\n        type filter hook input priority filter; policy drop;\n "
        "       ct state established,related accept\n        ct state invalid drop\n"
        f'        iif "lo" accept\n        ip saddr @blocklist_v4 counter drop comment "abuse reports -- {_ticket(ctx)}"\n'
        f'        ip saddr $MGMT_V4 tcp dport {{ 22, {ctx.pick((443, 8443, 9090))} }} accept comment "{note}"\n        tcp dport {{ 80, 443 }} accept\n'
        '        icmp type echo-request limit rate 5/second accept\n        log prefix "nft-drop: " level info counter\n    }\n\n'
        "    chain forward {\n        type filter hook forward priority filter; policy drop;\n    }\n}\n"
    )


def _panos_element(ctx: Ctx) -> str:
    src = "".join(f"<member>{c}</member>" for c in (_cidr(ctx), _cidr(ctx))[: ctx.rng.randint(1, 2)])
    apps = "".join(f"<member>{a}</member>" for a in ctx.rng.sample(["ssl", "web-browsing", "ssh", "dns", "ms-rdp"], ctx.rng.randint(1, 2)))
    return (
        f"<from><member>{ctx.pick(('trust', 'dmz'))}</member></from><to><member>untrust</member>"
        f"</to><source>{src}</source><destination><member>any</member></destination>"
        f"<application>{apps}</application><service><member>application-default</member></service><action>{ctx.pick(('allow', 'deny', 'drop'))}</action>"
        f"<description>{enc_xml(_fw_comment(ctx))}</description><log-end>yes</log-end>"
    )


@template("train", ("/fwmanager/",), weight=1.1)
def firewall_acl_manager(ctx: Ctx) -> Request:
    """Firewall manager: rules (JSON), iptables-save imports (multipart), nftables rulesets (text), a pfSense-style form,
    PAN-OS XPath calls, address groups (XML), search."""
    kind = ctx.pick(("rule", "rule", "iptables", "nft", "legacy", "panos", "group", "search"))
    policy = ctx.pick(("edge-fw", "dc-core", "aws-vpc-prod", "branch-template"))
    if kind == "rule":
        if ctx.chance(0.15):
            return req(
                "DELETE",
                f"/fwmanager/api/v1/policies/{policy}/rules/{seg(ctx, 'rule', str(rid(ctx)))}",
                headers_for(ctx, "xhr", auth="jwt"),
                qs(ctx, [("change_ticket", _ticket(ctx))]),
            )
        body: dict[str, Any] = {
            "name": j(ctx, "name", ctx.pick((f"allow-{ctx.en.word()}-https", "deny-legacy-smb", f"temp-vendor-{ctx.en.last_name().lower()}", "mgmt-ssh"))),
            "action": ctx.pick(("allow", "deny", "reject")),
            "protocol": ctx.pick(("tcp", "udp", "tcp/udp", "icmp")),
            "sources": [j(ctx, "sources[0]", _cidr(ctx))] + [_cidr(ctx) for _ in range(ctx.rng.randint(0, 2))],
            "destinations": [_cidr(ctx)],
            "ports": j(ctx, "ports", _ports(ctx)),
            "comment": j(ctx, "comment", _fw_comment(ctx)),
            "log": ctx.chance(0.7),
            "expires": ctx.pick((None, v.iso_date(ctx))),
            "ticket": _ticket(ctx),
            "position": {"before": rid(ctx)} if ctx.chance(0.4) else "bottom",
        }
        if ctx.chance(0.5):
            return req("POST", f"/fwmanager/api/v1/policies/{policy}/rules", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req(
            "PUT",
            f"/fwmanager/api/v1/policies/{policy}/rules/{seg(ctx, 'rule', str(rid(ctx)))}",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt", extra=(("If-Match", f'"{ctx.rng.randint(1, 500)}"'),)),
            body=dumps(ctx, body),
        )
    if kind == "iptables":
        fields = [("hostname", _host(ctx)), ("mode", ctx.pick(("merge", "replace", "dry-run"))), ("comment", ctx.pick(("", _fw_comment(ctx))))]
        ctype, body2 = multipart(
            ctx, fields, [("rules", ctx.pick(("rules.v4", "iptables-save.txt", f"{ctx.pick(_ROLES)}.rules")), "text/plain", _iptables_save(ctx))]
        )
        return req("POST", "/fwmanager/import/iptables", form_headers(ctx, "/fwmanager/import", ctype), body=body2)
    if kind == "nft":
        return req(
            "PUT",
            f"/fwmanager/api/v1/hosts/{seg(ctx, 'host', _host(ctx))}/ruleset",
            headers_for(ctx, "sdk", content_type="text/plain; charset=utf-8", auth="apikey"),
            body=_nft_ruleset(ctx),
        )
    if kind == "legacy":
        start = ctx.rng.randint(1, 9000)
        fields = [
            ("__csrf_magic", f"sid:{v.hex_token(ctx, 40)},{_epoch(ctx)}"),
            ("type", ctx.pick(("pass", "block", "reject"))),
            ("interface", ctx.pick(("wan", "lan", "opt1"))),
            ("ipprotocol", "inet"),
            ("proto", ctx.pick(("tcp", "udp", "tcp/udp"))),
            ("srctype", "network"),
            ("src", _ip(ctx)),
            ("srcmask", ctx.pick(("24", "32", "16"))),
            ("dsttype", "single"),
            ("dst", _ip(ctx)),
            ("dstbeginport", str(start)),
            ("dstendport", str(start + ctx.pick((0, 10, 100)))),
            ("descr", _fw_comment(ctx)),
            ("log", "yes"),
            ("save", "Save"),
        ]
        return req(
            "POST",
            "/fwmanager/firewall_rules_edit.php",
            form_headers(ctx, "/fwmanager/firewall_rules.php?if=wan"),
            qs(ctx, [("if", ctx.pick(("wan", "lan")))], fixed=("if",)),
            form(ctx, fields, fixed=("__csrf_magic", "ipprotocol", "save")),
        )
    if kind == "panos":
        name = f"{ctx.pick(('allow', 'block'))}-{ctx.en.word()}-{ctx.rng.randint(1, 99)}"
        xpath = f"/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/rulebase/security/rules/entry[@name='{name}']"
        pairs = [
            ("type", "config"),
            ("action", ctx.pick(("set", "edit"))),
            ("xpath", xpath),
            ("element", _panos_element(ctx)),
            ("key", "LUFRPT" + v.alnum_token(ctx, 40) + "=="),
        ]
        return req("GET", "/fwmanager/panos/api/", headers_for(ctx, "sdk"), qs(ctx, pairs, fixed=("type", "action", "key")))
    if kind == "group":
        members = "\n".join(
            f'    <member type="{t}">{val}</member>'
            for t, val in [("cidr", _cidr(ctx)) for _ in range(ctx.rng.randint(1, 4))] + [("fqdn", f"updates.{ctx.en.domain_name()}")][: ctx.rng.randint(0, 1)]
        )
        name = enc_xml(
            str(ctx.slot("xml", "addressGroup@name", ctx.pick(("pci-cde-hosts", "vendor-remote-support", f"{ctx.en.word()}-servers", "O'Brien lab subnets"))))
        )
        desc = enc_xml(str(ctx.slot("xml", "addressGroup.description", _fw_comment(ctx))))
        tag = enc_xml(str(ctx.slot("xml", "addressGroup.tags.tag", ctx.pick(("pci", "temp", "quarantine", ctx.en.word())))))
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<addressGroup xmlns="urn:fwmanager:objects:1" name="{name}">\n  <description>{desc}</description>\n'
            f"  <members>\n{members}\n  </members>\n  <tags><tag>{tag}</tag></tags>\n</addressGroup>\n"
        )
        return req(
            ctx.pick(("POST", "PUT")),
            "/fwmanager/api/v1/objects/address-groups",
            headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/xml", auth="basic"),
            body=body,
        )
    r = ctx.rng.random()
    if r < 0.12:
        return preflight(
            ctx, f"/fwmanager/api/v1/policies/{policy}/rules", ("POST", "PUT", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match")
        )
    pairs = [
        ("src", _cidr(ctx)),
        ("dport", _ports(ctx)),
        ("q", ctx.pick(("", "vendor", "temp allow", v.tricky_search(ctx)))),
        ("unused_days", ctx.pick((30, 90, 180))),
    ]
    pairs += [("tag[]", t) for t in ctx.rng.sample(["pci", "temp", "legacy", "internet-facing"], ctx.rng.randint(0, 2))]
    query = qs(ctx, pairs, fixed=("unused_days",))
    if ctx.chance(0.4):
        query += "&" + json_param(
            ctx,
            "where",
            {
                "comment": {"ilike": ctx.slot("json_query", "where.comment.ilike", ctx.pick(("%vendor%", "%remove after%", "%o'brien%")))},
                "action": {"eq": "allow"},
            },
        )
    return req(ctx.pick(("GET", "GET", "HEAD")), f"/fwmanager/api/v1/policies/{policy}/rules", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), query)


# --------------------------------------------------------------------------
# MDM console: configuration profiles, Apple check-ins and command results, Windows OMA-URI, Android, inventory
# --------------------------------------------------------------------------


def _plist(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
        f'<plist version="1.0">\n{body}\n</plist>\n'
    )


def _payload(ctx: Ctx, org: str) -> str:
    """One payload dict of a configuration profile."""
    uuid = str(ctx.fake.uuid4()).upper()
    kind = ctx.pick(("wifi", "passcode", "restrictions", "webfilter", "cert"))
    if kind == "wifi":
        inner = (
            "<key>PayloadType</key><string>com.apple.wifi.managed</string><key>SSID_STR</key>"
            f"<string>{enc_xml(ctx.pick(('CORP-Secure', 'Guest', ctx.en.word().upper() + '-5G')))}</string>"
            "<key>EncryptionType</key><string>WPA2</string><key>AutoJoin</key><true/><key>EAPClientConfiguration</key><dict><key>AcceptEAPTypes</key><array><integer>13</integer></array></dict>"
        )
    elif kind == "passcode":
        inner = (
            f"<key>PayloadType</key><string>com.apple.mobiledevice.passwordpolicy</string><key>minLength</key><integer>{ctx.pick((6, 8, 12))}</integer>"
            "<key>requireAlphanumeric</key><true/><key>maxFailedAttempts</key>"
            f"<integer>{ctx.pick((6, 10))}</integer><key>maxInactivity</key><integer>5</integer>"
        )
    elif kind == "restrictions":
        inner = (
            "<key>PayloadType</key><string>com.apple.applicationaccess</string><key>allowCamera</key><false/><key>allowScreenShot</key><true/>"
            "<key>allowAppInstallation</key><false/><key>forceEncryptedBackup</key><true/>"
        )
    elif kind == "webfilter":
        urls = "".join(
            f"<string>{u}</string>"
            for u in (f"https://{ctx.en.domain_name()}/", "https://*.facebook.com/", "http://example.org/games?")[: ctx.rng.randint(1, 3)]
        )
        inner = (
            "<key>PayloadType</key><string>com.apple.webcontent-filter</string><key>FilterType</key><string>BuiltIn</string>"
            f"<key>DenyListURLs</key><array>{urls}</array>"
        )
    else:
        inner = (
            f"<key>PayloadType</key><string>com.apple.security.root</string><key>PayloadCertificateFileName</key><string>corp-root-g2.cer</string>"
            f"<key>PayloadContent</key><data>{_b64(ctx.rng.randbytes(ctx.rng.randint(200, 420)))}</data>"
        )
    return (
        f"      <dict>{inner}<key>PayloadIdentifier</key><string>com.{org}.mdm.{kind}.{uuid}</string><key>PayloadUUID</key><string>{uuid}</string>"
        "<key>PayloadVersion</key><integer>1</integer></dict>"
    )


def _profile(ctx: Ctx, kind: str) -> str:
    """A .mobileconfig: payloads plus display name and description (`kind` slots, XML-escaped)."""
    org = ctx.en.domain_word()
    name = enc_xml(
        str(
            ctx.slot(
                kind,
                "PayloadDisplayName",
                ctx.pick(("Corp Wi-Fi + Passcode", "Kiosk restrictions (lobby iPads)", f"{ctx.fake.company()} baseline", "Students' web filter")),
            )
        )
    )
    desc = enc_xml(str(ctx.slot(kind, "PayloadDescription", _one_line(_analyst_note(ctx)))))
    payloads = "\n".join(_payload(ctx, org) for _ in range(ctx.rng.randint(1, 3)))
    return _plist(
        f"  <dict>\n    <key>PayloadContent</key>\n    <array>\n{payloads}\n    </array>\n    <key>PayloadDisplayName</key><string>{name}</string>\n"
        f"    <key>PayloadDescription</key><string>{desc}</string>\n    <key>PayloadIdentifier</key><string>com.{org}.mdm.profile.{ctx.fake.uuid4()}</string>\n"
        f"    <key>PayloadOrganization</key><string>{enc_xml(ctx.fake.company())}</string>\n    <key>PayloadRemovalDisallowed</key><true/>\n"
        f"    <key>PayloadType</key><string>Configuration</string>\n    <key>PayloadUUID</key><string>{str(ctx.fake.uuid4()).upper()}</string>\n"
        "    <key>PayloadVersion</key><integer>1</integer>\n  </dict>"
    )


def _serial(ctx: Ctx) -> str:
    return ctx.fake.bothify("??#??###?#??", letters="CDFGHJKLMNPQRTVWXY")


def _mdm_headers(ctx: Ctx, content_type: str) -> list[list[str]]:
    """The device's mdmclient, with its identity certificate's signature header."""
    ua = ctx.pick(("MDM/1.0", "MDM-OSX/1.0 mdmclient/1", f"mdmclient/1 CFNetwork/{ctx.pick(('1494.0.7', '1490.0.4'))} Darwin/{ctx.pick(('23.4.0', '23.3.0'))}"))
    return _raw_headers(ctx, ua, [("Content-Type", content_type), ("Accept", "*/*"), ("Mdm-Signature", _b64(ctx.rng.randbytes(ctx.rng.randint(90, 180))))])


def _device_name(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"{ctx.fake.first_name()}'s iPhone",
            f"LAB-{ctx.rng.randint(1, 60):02d}",
            f"{ctx.fake.first_name()}的iPad",
            f"MacBook Pro de {ctx.fake.first_name()}",
            "Zoë's MacBook Air",
            f"RECEPTION-{ctx.pick(('A', 'B'))} (kiosk)",
        )
    )


@template("train", ("/mdmconsole/",), weight=1.1)
def mdm_device_console(ctx: Ctx) -> Request:
    """MDM: profile uploads (multipart plist), Apple check-ins and command results (plist bodies), Windows OMA-URI (JSON),
    Android policies, inventory, CSV imports, remote actions."""
    kind = ctx.pick(("profile", "checkin", "result", "windows", "android", "inventory", "import", "action"))
    device = ctx.fake.uuid4()
    if kind == "profile":
        fields = [
            ("name", ctx.pick(("Wi-Fi + passcode", "Kiosk", ctx.en.word()))),
            ("scope", ctx.pick(("All iPads", "Smart group: iOS < 17.4", "Finance Macs"))),
            ("notes", ctx.pick(("", _analyst_note(ctx)))),
        ]
        ctype, body2 = multipart(
            ctx,
            fields,
            [
                (
                    "profile",
                    ctx.pick(("corp-baseline.mobileconfig", "wifi.mobileconfig", "Kiosk (signed).mobileconfig")),
                    "application/x-apple-aspen-config",
                    _profile(ctx, "multipart"),
                )
            ],
        )
        return req("POST", "/mdmconsole/api/v1/profiles", form_headers(ctx, "/mdmconsole/profiles/new", ctype), body=body2)
    if kind == "checkin":
        udid = str(ctx.fake.uuid4()).upper()
        if ctx.chance(0.5):
            name = enc_xml(str(ctx.slot("xml", "DeviceName", _device_name(ctx))))
            model = ctx.pick(
                (("iPhone15,2", "iPhone 14 Pro", "iPhone"), ("iPad13,18", "iPad (10th generation)", "iPad"), ("Mac14,2", "MacBook Air (M2, 2022)", "Mac"))
            )
            inner = (
                f"<key>MessageType</key><string>Authenticate</string><key>BuildVersion</key><string>21E236</string><key>DeviceName</key><string>{name}</string>"
                f"<key>Model</key><string>{model[0]}</string><key>ModelName</key><string>{model[1]}</string>"
                f"<key>OSVersion</key><string>{ctx.pick(('17.4.1', '17.3', '16.7.6', '14.4'))}</string>"
                f"<key>ProductName</key><string>{model[2]}</string><key>SerialNumber</key><string>{_serial(ctx)}</string>"
                f"<key>Topic</key><string>com.apple.mgmt.External.{ctx.fake.uuid4()}</string><key>UDID</key><string>{udid}</string>"
            )
        else:
            user = enc_xml(str(ctx.slot("xml", "UserLongName", _name(ctx))))
            inner = (
                f"<key>MessageType</key><string>TokenUpdate</string><key>AwaitingConfiguration</key><false/><key>PushMagic</key><string>{str(ctx.fake.uuid4()).upper()}</string>"
                f"<key>Token</key><data>{_b64(ctx.rng.randbytes(32))}</data><key>Topic</key><string>com.apple.mgmt.External.{ctx.fake.uuid4()}</string>"
                f"<key>UDID</key><string>{udid}</string><key>UserLongName</key><string>{user}</string>"
                f"<key>UnlockToken</key><data>{_b64(ctx.rng.randbytes(ctx.rng.randint(300, 700)))}</data>"
            )
        return req("PUT", "/mdmconsole/mdm/checkin", _mdm_headers(ctx, "application/x-apple-aspen-mdm-checkin"), body=_plist(f"<dict>{inner}</dict>"))
    if kind == "result":
        udid = str(ctx.fake.uuid4()).upper()
        if ctx.chance(0.5):
            name = enc_xml(str(ctx.slot("xml", "QueryResponses.DeviceName", _device_name(ctx))))
            resp = (
                f"<key>QueryResponses</key><dict><key>DeviceName</key><string>{name}</string>"
                f"<key>OSVersion</key><string>{ctx.pick(('17.4.1', '17.2', '16.7.6'))}</string>"
                f"<key>BatteryLevel</key><real>{ctx.rng.random():.2f}</real><key>AvailableDeviceCapacity</key><real>{ctx.rng.uniform(2, 200):.2f}</real>"
                f"<key>WiFiMAC</key><string>{ctx.fake.mac_address()}</string><key>IsSupervised</key><true/></dict>"
            )
        else:
            apps = "".join(
                f"<dict><key>Identifier</key><string>{bundle}</string><key>Name</key>"
                f"<string>{enc_xml(str(ctx.slot('xml', f'InstalledApplicationList[{i}].Name', label) if i == 0 else label))}"
                f"</string><key>ShortVersion</key><string>{ctx.rng.randint(1, 30)}.{ctx.rng.randint(0, 9)}</string>"
                f"<key>BundleSize</key><integer>{ctx.rng.randint(10**6, 10**9)}</integer></dict>"
                for i, (bundle, label) in enumerate(
                    ctx.rng.sample(
                        [
                            ("com.microsoft.skype.teams", "Microsoft Teams"),
                            ("com.tinyspeck.chatlyio", "Slack"),
                            ("com.google.chrome.ios", "Chrome"),
                            ("net.whatsapp.WhatsApp", "WhatsApp"),
                            ("com.apple.Keynote", "Keynote"),
                            ("jp.naver.line", "LINE"),
                        ],
                        ctx.rng.randint(1, 4),
                    )
                )
            )
            resp = f"<key>InstalledApplicationList</key><array>{apps}</array>"
        body = _plist(
            f"<dict><key>CommandUUID</key><string>{ctx.fake.uuid4()}</string>{resp}<key>Status</key><string>Acknowledged</string><key>UDID</key><string>{udid}</string></dict>"
        )
        return req("PUT", "/mdmconsole/mdm/connect", _mdm_headers(ctx, "application/x-apple-aspen-mdm"), body=body)
    if kind == "windows":
        settings = [
            {
                "displayName": "Password complexity (ADMX)",
                "omaUri": "./Device/Vendor/MSFT/Policy/Config/ADMX_CredUI/EnumerateAdministrators",
                "dataType": "string",
                "value": j(
                    ctx,
                    "omaSettings[0].value",
                    ctx.pick(
                        (
                            "<disabled/>",
                            '<enabled/><data id="PasswordComplexity" value="4"/><data id="PasswordLength" value="14"/>',
                            '<enabled/><data id="ExecutionPolicy" value="AllSigned"/>',
                        )
                    ),
                ),
            },
            {
                "displayName": "ASR rules",
                "omaUri": "./Device/Vendor/MSFT/Policy/Config/Defender/AttackSurfaceReductionRules",
                "dataType": "string",
                "value": "d4f940ab-401b-4efc-aadc-ad5f3c50688a=1|3b576869-a4ec-4529-8536-b80a7769e899=1|9e6c4e1f-7d60-472f-ba1a-a39ef669e4b2=2",
            },
            {
                "displayName": "Block USB storage",
                "omaUri": "./Device/Vendor/MSFT/Policy/Config/Storage/RemovableDiskDenyWriteAccess",
                "dataType": "integer",
                "value": 1,
            },
        ]
        body = {
            "displayName": j(ctx, "displayName", ctx.pick(("Win11 baseline -- finance", "Kiosk lockdown", f"{ctx.fake.company()} hardening"))),
            "description": j(ctx, "description", _analyst_note(ctx)),
            "omaSettings": settings[: ctx.rng.randint(1, 3)],
            "assignments": [{"groupId": ctx.fake.uuid4(), "mode": ctx.pick(("include", "exclude"))}],
        }
        return req(
            ctx.pick(("POST", "PUT")), "/mdmconsole/api/v1/windows/custom-policies", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body)
        )
    if kind == "android":
        body = {
            "applications": [
                {
                    "packageName": "com.microsoft.teams",
                    "installType": "FORCE_INSTALLED",
                    "managedConfiguration": {
                        "com.microsoft.intune.mam.managedbrowser.AllowListURLs": j(
                            ctx, "applications[0].managedConfiguration.allowList", f"https://*.{ctx.en.domain_name()}|https://login.microsoftonline.com/*"
                        )
                    },
                },
                {"packageName": "com.android.chrome", "installType": ctx.pick(("PREINSTALLED", "AVAILABLE"))},
            ],
            "passwordRequirements": {"passwordMinimumLength": ctx.pick((6, 8)), "passwordQuality": "ALPHANUMERIC"},
            "statusBarDisabled": ctx.chance(0.3),
            "shortSupportMessage": {"defaultMessage": j(ctx, "shortSupportMessage", f"Managed by {ctx.fake.company()} IT -- questions? {ctx.fake.email()}")},
        }
        return req(
            "PATCH",
            f"/mdmconsole/api/v1/android/policies/{seg(ctx, 'policy', ctx.pick(('fully-managed', 'byod-work-profile', 'kiosk')))}",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
            body=dumps(ctx, body),
        )
    if kind == "inventory":
        r = ctx.rng.random()
        if r < 0.12:
            return preflight(ctx, "/mdmconsole/api/v1/devices", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "authorization"))
        if r < 0.3:
            return req(ctx.pick(("DELETE", "HEAD")), f"/mdmconsole/api/v1/devices/{seg(ctx, 'device', device)}", headers_for(ctx, "xhr", auth="jwt"))
        pairs = [
            (
                "$filter",
                ctx.pick(
                    (
                        f"platform eq 'iOS' and osVersion lt '{ctx.pick(('17.4', '16.7'))}'",
                        "startswith(deviceName, 'LAB-') and complianceState eq 'noncompliant'",
                        f"serialNumber eq '{_serial(ctx)}'",
                        f"userPrincipalName eq '{ctx.fake.email()}'",
                    )
                ),
            ),
            ("$select", "id,deviceName,serialNumber,osVersion,lastSyncDateTime"),
            ("$top", ctx.pick((25, 100))),
            ("$orderby", "lastSyncDateTime desc"),
            ("search", ctx.pick(("", _device_name(ctx), v.tricky_search(ctx)))),
        ]
        return req(
            "GET",
            "/mdmconsole/api/v1/devices",
            headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth="jwt"),
            qs(ctx, pairs, fixed=("$select", "$top", "$orderby")),
        )
    if kind == "import":
        rows: list[list[Any]] = [["serial_number", "asset_tag", "assigned_user", "department", "notes"]]
        for i in range(ctx.rng.randint(2, 20)):
            user, note = _name(ctx), ctx.pick(("", "Cracked screen -- replaced 03/2025", 'Loaner; "do not wipe" until returned', _analyst_note(ctx)))
            if i == 0:
                user, note = ctx.slot("multipart", "csv.assigned_user", user), ctx.slot("multipart", "csv.notes", note)
            rows.append([_serial(ctx), f"IT-{ctx.rng.randint(10000, 99999)}", user, ctx.pick(("Finance", "R&D", "Sales, EMEA", "Front desk")), note])
        return req(
            "POST",
            "/mdmconsole/api/v1/devices/import",
            headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth="apikey"),
            qs(ctx, [("dry_run", ctx.pick(("true", "false")))], fixed=("dry_run",)),
            _csv(rows),
        )
    action = ctx.pick(("lock", "wipe", "lost_mode", "restart"))
    body = {
        "action": action,
        "message": j(
            ctx,
            "message",
            ctx.pick(
                (
                    f"This device belongs to {ctx.fake.company()}. If found please call {ctx.fake.phone_number()}",
                    "Locked by IT -- contact the service desk (ext. 4400)",
                    "",
                    _analyst_note(ctx),
                )
            ),
        ),
        "phoneNumber": ctx.fake.phone_number(),
        "pin": f"{ctx.rng.randint(0, 999999):06d}",
        "preserveDataPlan": action == "wipe" and ctx.chance(0.5),
        "reason": j(ctx, "reason", ctx.pick(("Reported stolen -- police ref 2025/" + str(rid(ctx)), "Leaver", _ticket(ctx)))),
    }
    return req(
        "POST",
        f"/mdmconsole/api/v1/devices/{seg(ctx, 'device', device)}/actions",
        site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
        body=dumps(ctx, body),
    )


# --------------------------------------------------------------------------
# Audit log export and compliance evidence tracker
# --------------------------------------------------------------------------

_CONTROLS = (
    "SOC2 CC6.1",
    "SOC2 CC6.3",
    "SOC2 CC7.2",
    "ISO27001:2022 A.5.15",
    "ISO27001:2022 A.8.15",
    "PCI-DSS 4.0 10.2.1",
    "PCI-DSS 4.0 8.3.6",
    "NIST 800-53 AC-2(3)",
    "HIPAA 164.312(b)",
    "CIS 5.3",
)


def _audit_event(ctx: Ctx) -> tuple[str, str, str]:
    """(action, target, details) of an audit log line: role changes, API calls, database audit lines."""
    user = f"user:{rid(ctx)}"
    return ctx.pick(
        (
            ("user.role.update", user, 'role changed from "Viewer" to "Billing Admin"'),
            ("user.delete", user, f"DELETE /api/v2/users/{rid(ctx)} (offboarding {_ticket(ctx)})"),
            ("db.select", "payroll.salaries", "SELECT employee_id, band FROM payroll.salaries WHERE review_cycle = '2025H1'"),
            ("user.password.reset", user, "password reset by helpdesk; MFA re-enrolled"),
            ("report.export", "customers_eu", f"exported {ctx.rng.randint(10, 9999):,} rows to CSV -- customers_eu.csv"),
            ("login.failed", user, "login failed: invalid TOTP (3/5)"),
            ("db.update", "app_settings", "UPDATE app_settings SET value = 'true' WHERE key = 'sso_enforced'"),
            ("apikey.revoke", f"apikey:{v.alnum_token(ctx, 8)}", f"API key ...{v.alnum_token(ctx, 4)} revoked"),
            ("db.grant", "reporting.*", "GRANT SELECT ON reporting.* TO 'bi_reader'@'10.%'"),
            ("policy.update", f"policy:{ctx.en.word()}", f"policy 'Require MFA' edited by {_name(ctx)}"),
            ("session.end", user, "session terminated: idle > 15 min"),
        )
    )


def _auditor_comment(ctx: Ctx) -> str:
    return ctx.pick(
        (
            f"Sample of 25 terminations -- 2 had access removed > 24h after the HR date; see rows 14 & 19. Management response due {v.iso_date(ctx)}.",
            "Evidence accepted. Please select a different population next quarter (not just 'Engineering').",
            f"The screenshot doesn't show the date/time -- re-export with the timestamp column, or attach the raw CSV. cc {_name(ctx)}",
            "Control operating effectively; no exceptions noted.",
            'Where is the approval for the "break-glass" account use on 03/02? Drop it in this request.',
            _analyst_note(ctx),
            v.prose(ctx, 1, 3, trap_rate=0.4),
        )
    )


def _oscal(ctx: Ctx) -> str:
    """An OSCAL assessment-results document with a finding (XML slots)."""
    x = {
        k: enc_xml(str(ctx.slot("xml", k, val)))
        for k, val in (
            ("metadata.title", ctx.pick((f"FY25 SOC 2 Type II -- {ctx.fake.company()}", "Q3 access review", "PCI ROC 2025"))),
            ("finding.title", ctx.pick(("Terminated users retained access", "Audit log retention < 12 months", "Shared admin account"))),
            ("finding.description", _auditor_comment(ctx)),
        )
    }
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<assessment-results xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="{ctx.fake.uuid4()}">\n  <metadata>\n'
        f"    <title>{x['metadata.title']}</title>\n    <last-modified>{v.iso_datetime(ctx)}</last-modified>\n "
        f"   <version>1.{ctx.rng.randint(0, 9)}</version>\n"
        f'    <oscal-version>1.1.2</oscal-version>\n  </metadata>\n  <import-ap href="./assessment-plan.xml"/>\n  <result uuid="{ctx.fake.uuid4()}">\n'
        f"    <title>Automated and manual testing</title>\n    <description><p>Period {v.iso_date(ctx)} to {v.iso_date(ctx)}.</p></description>\n"
        f'    <start>{v.iso_datetime(ctx)}</start>\n    <finding uuid="{ctx.fake.uuid4()}">\n      <title>{x["finding.title"]}</title>\n'
        f"      <description><p>{x['finding.description']}</p></description>\n      <target "
        f'type="objective-id" target-id="{ctx.pick(("ac-2.3_obj", "au-11_obj", "ia-2.1_obj"))}">\n'
        f'        <status state="{ctx.pick(("satisfied", "not-satisfied"))}"/>\n      </target>\n    </finding>\n  </result>\n</assessment-results>\n'
    )


_CONTROLS_QUERY = (
    "query ControlsByFramework($framework: String!, $search: String, $status: [ControlStatus!]) {\n"
    "  controls(framework: $framework, search: $search, status: $status, first: 50) {\n"
    "    edges { node { id ref title owner { name } status evidenceCount lastTestedAt } }\n    pageInfo { endCursor hasNextPage }\n  }\n}"
)


@template("train", ("/grctrack/",), weight=1.0)
def audit_evidence_tracker(ctx: Ctx) -> Request:
    """Compliance: audit-log exports (GET), audit CSV evidence (text/csv, multipart), auditor comments, control status patches,
    PBC responses (form), OSCAL XML, GraphQL."""
    kind = ctx.pick(("export", "csv", "evidence", "comment", "status", "respond", "oscal", "graphql"))
    control = ctx.pick(_CONTROLS)
    if kind == "export":
        r = ctx.rng.random()
        if r < 0.2:
            return req("HEAD", f"/grctrack/exports/{seg(ctx, 'export', ctx.fake.uuid4())}.csv", headers_for(ctx, "sdk", auth="jwt"))
        pairs = [
            ("format", ctx.pick(("csv", "jsonl", "xlsx"))),
            ("from", v.iso_date(ctx)),
            ("to", v.iso_date(ctx)),
            ("actor", ctx.pick(("", ctx.fake.email(), _name(ctx)))),
            ("action", ctx.pick(("user.role.update", "user.delete", "apikey.*", "db.select", "login.failed"))),
            ("q", ctx.pick(("", "role changed", "payroll", v.tricky_search(ctx)))),
            ("tz", ctx.pick(("UTC", "Europe/London", "Asia/Tokyo"))),
        ]
        return req(
            "GET",
            "/grctrack/api/v1/audit-log/export",
            headers_for(ctx, ctx.pick(("nav", "sdk")), auth=None if ctx.chance(0.5) else "jwt"),
            qs(ctx, pairs, fixed=("format",)),
        )
    if kind in ("csv", "evidence"):
        rows: list[list[Any]] = [["timestamp", "actor", "actor_ip", "action", "target", "result", "details"]]
        for i in range(ctx.rng.randint(2, 30)):
            actor, (action, target, detail) = ctx.fake.email(), _audit_event(ctx)
            if i == 0:
                actor, detail = ctx.slot("multipart", "csv.actor", actor), ctx.slot("multipart", "csv.details", detail)
            rows.append(
                [
                    v.iso_datetime(ctx),
                    actor,
                    _ip(ctx),
                    action,
                    target,
                    "failure" if action == "login.failed" else ctx.pick(("success", "success", "failure")),
                    detail,
                ]
            )
        if kind == "csv":
            return req(
                "POST",
                f"/grctrack/api/v1/controls/{seg(ctx, 'control', control)}/evidence",
                headers_for(ctx, "sdk", content_type="text/csv; charset=utf-8", auth="apikey"),
                qs(
                    ctx,
                    [("filename", ctx.pick(("okta_audit_2025Q1.csv", "pgaudit-export.csv", "AzureAD signins (March).csv"))), ("period", "2025-Q1")],
                    fixed=("period",),
                ),
                _csv(rows),
            )
        fields = [
            ("control_id", control),
            ("period", ctx.pick(("2025-Q1", "FY2025", "Jan-Jun 2025"))),
            ("description", _auditor_comment(ctx) if ctx.chance(0.3) else _analyst_note(ctx)),
            ("collected_by", _name(ctx)),
        ]
        files = [("file", ctx.pick(("user_access_review.csv", "terminations sample.csv")), "text/csv", _csv(rows))]
        if ctx.chance(0.3):
            files.append(empty_file("screenshot"))
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", "/grctrack/evidence/upload", form_headers(ctx, "/grctrack/evidence/new", ctype), body=body2)
    if kind == "comment":
        if ctx.chance(0.15):
            return preflight(
                ctx, "/grctrack/api/v1/controls", ("POST", "PATCH", "DELETE"), ("authorization,content-type", "authorization,content-type,if-match")
            )
        if ctx.chance(0.15):
            return req("DELETE", f"/grctrack/api/v1/evidence/{seg(ctx, 'evidence', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
        body: dict[str, Any] = {
            "body": j(ctx, "body", _auditor_comment(ctx)),
            "visibility": ctx.pick(("auditor", "internal")),
            "requestId": f"PBC-{ctx.rng.randint(1, 240):03d}",
            "mentions": [j(ctx, "mentions[0]", ctx.fake.email())] if ctx.chance(0.5) else [],
        }
        return req(
            "POST",
            f"/grctrack/api/v1/controls/{seg(ctx, 'control', control)}/comments",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "status":
        body = {
            "status": ctx.pick(("effective", "exception", "not_tested", "remediating")),
            "testResult": {
                "sampleSize": ctx.pick((25, 40, 60)),
                "exceptions": ctx.rng.randint(0, 3),
                "notes": j(ctx, "testResult.notes", _auditor_comment(ctx)),
            },
            "remediation": {"owner": j(ctx, "remediation.owner", _name(ctx)), "due": v.iso_date(ctx), "plan": j(ctx, "remediation.plan", _analyst_note(ctx))},
        }
        return req(
            "PATCH",
            f"/grctrack/api/v1/controls/{seg(ctx, 'control', control)}",
            headers_for(
                ctx,
                "xhr",
                content_type=ctx.pick(("application/json", "application/merge-patch+json")),
                auth="jwt",
                extra=(("If-Match", f'"{ctx.rng.randint(1, 90)}"'),),
            ),
            body=dumps(ctx, body),
        )
    if kind == "respond":
        fields = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            (
                "response[body]",
                ctx.pick((_analyst_note(ctx), (f"Attached the export from {v.iso_date(ctx)}; the 2 late removals were contractors (see CHG ticket)."))),
            ),
            ("response[status]", ctx.pick(("submitted", "needs_clarification"))),
            ("response[due_date]", v.iso_date(ctx)),
        ]
        return req(
            "POST",
            f"/grctrack/requests/{seg(ctx, 'request', 'PBC-' + str(ctx.rng.randint(1, 240)))}/respond",
            form_headers(ctx, "/grctrack/requests"),
            body=form(ctx, fields, fixed=("authenticity_token",)),
        )
    if kind == "oscal":
        return req(
            "POST",
            "/grctrack/api/v1/oscal/assessment-results",
            headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "application/oscal+xml")), auth="jwt"),
            body=_oscal(ctx),
        )
    body = {
        "operationName": "ControlsByFramework",
        "query": _CONTROLS_QUERY,
        "variables": {
            "framework": j(ctx, "variables.framework", ctx.pick(("SOC2", "ISO27001:2022", "PCI-DSS 4.0"))),
            "search": j(ctx, "variables.search", ctx.pick(("", "access review", "CC6.1", "logging & monitoring", v.tricky_search(ctx)))),
            "status": ctx.rng.sample(["EFFECTIVE", "EXCEPTION", "NOT_TESTED"], ctx.rng.randint(1, 2)),
        },
    }
    return req("POST", "/grctrack/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))


SECOPS: tuple[str, ...] = (
    "siem_search_console",
    "detection_rule_editor",
    "pki_certificate_manager",
    "secrets_vault_console",
    "cloud_iam_policy_editor",
    "firewall_acl_manager",
    "mdm_device_console",
    "audit_evidence_tracker",
)
