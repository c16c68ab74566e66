"""Train templates: operations and infrastructure consoles.

A Kubernetes dashboard, an alerting-rules editor, a reverse-proxy config UI, a
backup scheduler, a server-provisioning panel, an IT remote-management tool, a
database-migration service and an SSH bastion / access manager. Their users
write code and configuration for a living: manifests with `sh -c` commands,
PromQL/LogQL/SQL alert expressions with `{{ $labels.x }}` annotations, nginx,
Caddy and HAProxy rewrite rules, exclude globs over /etc and `C:\\Users` paths,
cloud-init with `curl | sh`, PowerShell pushed to fleets, SQL migrations with
comments, SSH certificates with a force-command. All of it is legitimate content
that a naive filter reads as an attack, so these apps exist to show the model it
as normal traffic; every value a user or client controls is a slot.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    dumps, form, header_slot, j, json_param, multipart, preflight, qs, req, Request, rid, seg, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared value builders: services, hosts, networks, YAML, shell, PowerShell
# --------------------------------------------------------------------------

_APPS = ("web", "api", "checkout", "worker", "billing", "search", "auth", "gateway", "cron-runner", "mailer", "ledger", "frontend", "redis", "postgres",
         "payments-api", "inventory", "notifier", "reporting")
_NAMESPACES = ("default", "prod", "staging", "payments", "monitoring", "ingress-nginx", "data", "batch", "kube-system", "platform", "qa")
_REGIONS = ("eu-west-1", "eu-central", "us-east-1", "fsn1", "nbg1", "hel1", "ash", "sgp1", "ams3", "fra1", "lon1", "nyc3")
_UNITS = ("nginx", "postgresql", "docker", "redis-server", "haproxy", "caddy", "ssh", "cron", "node_exporter", "containerd", "php8.3-fpm", "mysql")
_INSTALLERS = ("https://get.docker.com", "https://sh.rustup.rs", "https://deb.nodesource.com/setup_20.x", "https://install.python-poetry.org",
               "https://tailscale.com/install.sh", "https://get.k3s.io", "https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh")


def _app(ctx: Ctx) -> str:
    if ctx.chance(0.7):
        return ctx.pick(_APPS)
    return f"{ctx.en.word()}-{ctx.pick(('api', 'worker', 'svc', 'web', 'sync', 'cron'))}"


def _ver(ctx: Ctx) -> str:
    return f"{ctx.rng.randint(0, 9)}.{ctx.rng.randint(0, 30)}.{ctx.rng.randint(0, 20)}" + ctx.pick(("", "", "", "-rc.1", "-alpine"))


def _ip(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.5:
        return f"10.{ctx.rng.randint(0, 255)}.{ctx.rng.randint(0, 255)}.{ctx.rng.randint(1, 254)}"
    if r < 0.7:
        return f"172.{ctx.rng.randint(16, 31)}.{ctx.rng.randint(0, 255)}.{ctx.rng.randint(1, 254)}"
    if r < 0.85:
        return f"192.168.{ctx.rng.randint(0, 50)}.{ctx.rng.randint(1, 254)}"
    return ctx.fake.ipv4_public()


def _cidr(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.35:
        return f"10.{ctx.rng.randint(0, 255)}.0.0/{ctx.pick((16, 20, 24))}"
    if r < 0.55:
        return f"192.168.{ctx.rng.randint(0, 50)}.0/24"
    if r < 0.7:
        return ctx.fake.ipv4_public() + "/32"
    if r < 0.8:
        return ctx.pick(("0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "100.64.0.0/10"))
    if r < 0.9:
        return f"2001:db8:{v.hex_token(ctx, 4)}::/48"
    return f"{ctx.fake.ipv4_public().rsplit('.', 1)[0]}.0/24"


def _host(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.35:
        return f"{ctx.pick(('web', 'db', 'app', 'lb', 'k8s-node', 'bastion', 'cache', 'worker'))}-{ctx.rng.randint(1, 24):02d}.{ctx.pick(_REGIONS)}.internal"
    if r < 0.55:
        return f"ip-10-{ctx.rng.randint(0, 255)}-{ctx.rng.randint(0, 255)}-{ctx.rng.randint(1, 254)}.ec2.internal"
    if r < 0.75:
        return f"{ctx.pick(('WIN', 'DESKTOP', 'LAPTOP', 'SRV'))}-{v.alnum_token(ctx, 7).upper()}"
    if r < 0.9:
        return f"{ctx.en.city()[:3].upper()}-{ctx.pick(('FS', 'DC', 'PRN', 'SQL', 'RDS'))}{ctx.rng.randint(1, 9):02d}"
    return f"{ctx.en.word()}-{ctx.rng.randint(1, 99)}"


def _login(ctx: Ctx) -> str:
    return ctx.pick(("ubuntu", "deploy", "root", "ec2-user", "admin", "debian", "ops", ctx.en.user_name(), ctx.fake.first_name().lower()))


def _domain(ctx: Ctx) -> str:
    return ctx.pick((ctx.en.domain_name(), f"{ctx.en.word()}.{ctx.en.domain_name()}", f"{_app(ctx)}.{ctx.pick(('internal', 'corp', 'lan', 'svc.cluster.local'))}"))


def _yq(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    """A YAML literal block scalar (`|`) holding text, indented for its place."""
    pad = " " * indent
    lines = text.strip().splitlines() or [""]
    return "|\n" + "\n".join(pad + line.rstrip() if line.strip() else "" for line in lines)


def _url_q(ctx: Ctx) -> str:
    """A URL with a query string, as runbooks, dashboards and webhooks carry them."""
    base = f"https://{ctx.pick(('grafana', 'wiki', 'runbooks', 'status', 'hooks'))}.{ctx.en.domain_name()}"
    return ctx.pick((
        f"{base}/d/{v.alnum_token(ctx, 9)}/{ctx.en.slug()}?orgId=1&var-instance={_host(ctx)}&from=now-6h&to=now",
        f"{base}/runbooks/{_app(ctx)}#{ctx.pick(('mitigation', 'rollback', 'escalation'))}",
        f"{base}/wiki/spaces/OPS/pages/{rid(ctx)}?focusedCommentId={rid(ctx)}",
        f"{base}/services/T{v.alnum_token(ctx, 8).upper()}/B{v.alnum_token(ctx, 8).upper()}/{v.alnum_token(ctx, 24)}",
        f"{base}/search?q={ctx.en.word()}+{ctx.en.word()}&type=incident&sort=-created",
        f"https://{ctx.en.domain_name()}/api/v1/hooks/{v.hex_token(ctx, 16)}?token={v.alnum_token(ctx, 20)}&channel=%23ops-{ctx.en.word()}",
    ))


def _cron(ctx: Ctx) -> str:
    return ctx.pick(("0 3 * * *", "*/15 * * * *", "30 2 * * 1-5", "@daily", "0 */6 * * *", "15 4 1 * *", "0 1 * * 0", "45 23 * * *",
                     f"{ctx.rng.randint(0, 59)} {ctx.rng.randint(0, 23)} * * *", f"0 {ctx.rng.randint(0, 5)} * * {ctx.pick(('6', '0', '1-5', 'SUN'))}", "@hourly"))


def _linux_dir(ctx: Ctx) -> str:
    app = _app(ctx)
    return ctx.pick(("/etc/", "/etc/nginx/", f"/var/www/{ctx.en.domain_name()}/", "/srv/", f"/opt/{app}/data/", f"/home/{_login(ctx)}/", "/var/lib/postgresql/16/main/",
                     "/var/backups/", f"/var/lib/docker/volumes/{app}_data/_data/", "/root/", f"/mnt/nas/{ctx.en.word()}/", "/var/log/", "/usr/local/bin/"))


def _win_dir(ctx: Ctx) -> str:
    user = ctx.fake.first_name().replace(" ", "")
    return ctx.pick((f"C:\\Users\\{user}\\Documents\\", f"C:\\Users\\{user}\\Desktop\\", f"D:\\Shares\\{ctx.pick(('Finance', 'HR', 'Projects', 'Scans'))}\\",
                     f"C:\\ProgramData\\{ctx.en.word().capitalize()}\\", "C:\\inetpub\\wwwroot\\", f"\\\\{ctx.pick(('fs01', 'nas', 'srv-files'))}\\{ctx.en.word()}\\",
                     f"E:\\SQLBackups\\{ctx.en.word().upper()}\\", "%USERPROFILE%\\AppData\\Roaming\\", f"C:\\Program Files\\{ctx.fake.company().split()[0].strip(',')}\\"))


def _shell_ops(ctx: Ctx) -> str:
    """A shell line as operators paste it into consoles: pipes, redirects, $(...), sudo, curl | sh."""
    if ctx.chance(0.15):
        return synth_tech.shell_line(ctx)
    app, unit, n = _app(ctx), ctx.pick(_UNITS), ctx.rng.randint(5, 500)
    log = ctx.pick((f"/var/log/{app}/error.log", "/var/log/nginx/access.log", "/var/log/syslog", f"/srv/{app}/logs/app.log", "/var/log/postgresql/postgresql-16-main.log"))
    ip, port, d = _ip(ctx), ctx.pick((80, 443, 5432, 6379, 8080, 9100, 3306, 8443)), ctx.rng.randint(3, 90)
    return ctx.pick((
        f"sudo systemctl restart {unit} && systemctl status {unit} --no-pager",
        f"journalctl -u {unit} --since \"{ctx.rng.randint(5, 90)} min ago\" | grep -iE 'error|timeout' | tail -n {n}",
        f"tail -n {n} {log} | awk '{{print $1}}' | sort | uniq -c | sort -rn | head",
        f"df -h /var/lib/docker && du -sh /var/log/* 2>/dev/null | sort -h | tail",
        f"find /var/log/{app} -name '*.gz' -mtime +{d} -delete",
        f"tar czf /var/backups/{app}-$(date +%F).tar.gz /etc/{unit}",
        "echo \"$(hostname -f) ok $(date -Is)\" >> /var/log/healthcheck.log",
        f"kill -HUP $(cat /run/{unit}.pid)",
        f"ss -tlnp | grep :{port}",
        f"sudo -u postgres psql -d {app.replace('-', '_')} -c \"SELECT pid, state, now() - query_start AS age FROM pg_stat_activity WHERE state <> 'idle' ORDER BY age DESC LIMIT 10;\"",
        f"curl -fsS -m 5 http://127.0.0.1:{port}/healthz || exit 1",
        "for h in web-0{1..3}; do ssh \"$h\" 'uptime; free -m'; done",
        f"docker compose -f /opt/{app}/docker-compose.yml pull && docker compose -f /opt/{app}/docker-compose.yml up -d --remove-orphans",
        f"export PGPASSWORD=$(cat /run/secrets/{app}_db); pg_isready -h {ip} -p 5432",
        f"rsync -aH --delete /srv/{app}/ backup@{ip}:/volume1/{app}/",
        f"chmod 600 ~/.ssh/authorized_keys; chown -R {_login(ctx)}: ~/.ssh",
        f"openssl x509 -in /etc/ssl/certs/{ctx.en.domain_name()}.pem -noout -enddate",
        f"grep -c 'upstream timed out' {log}",
        "echo `date +%s` > /tmp/last_run",
        "nginx -t && nginx -s reload",
        "ps aux --sort=-%mem | head -n 15",
        f"sudo usermod -aG docker {_login(ctx)}",
        f"redis-cli -h {ip} INFO memory | grep used_memory_human",
        f"curl -fsSL {ctx.pick(_INSTALLERS)} | sh",
        f"curl -sfL {ctx.pick(_INSTALLERS)} | sudo sh -s - {ctx.pick(('--channel stable', '-y', '--no-modify-path', ''))}".rstrip(),
        f"sudo apt-get update && sudo apt-get install -y {' '.join(ctx.rng.sample(_PACKAGES, ctx.rng.randint(1, 4)))}",
        f"kubectl -n {ctx.pick(_NAMESPACES)} logs deploy/{app} --since=1h | grep -v healthz > /tmp/{app}.log",
        f"mysqldump --single-transaction {app.replace('-', '_')} | gzip > /var/backups/{app}-$(date +%Y%m%d).sql.gz",
    ))


_PACKAGES = ("nginx", "curl", "git", "htop", "jq", "unzip", "fail2ban", "postgresql-client-16", "python3-pip", "docker-ce", "ufw", "chrony", "restic",
             "prometheus-node-exporter", "awscli", "rsync", "vim", "ca-certificates", "gnupg", "lsb-release", "tmux", "certbot")


def _bash_script(ctx: Ctx) -> str:
    """A short bash script: shebang, strict mode, a loop or a condition, several ops lines."""
    lines = [ctx.pick(("#!/usr/bin/env bash", "#!/bin/bash", "#!/bin/sh")), ctx.pick(("set -euo pipefail", "set -e", ""))]
    if ctx.chance(0.5):
        lines.append(f"# {ctx.pick((v.sentence(ctx), 'managed by ops -- do not edit on the host', 'ticket ' + ctx.pick(('INC', 'CHG', 'OPS')) + '-' + str(ctx.rng.randint(100, 9999))))}")
    if ctx.chance(0.4):
        lines.append(f"LOG=/var/log/{ctx.en.word()}-$(date +%F).log")
        lines.append("exec >>\"$LOG\" 2>&1")
    lines += [_shell_ops(ctx) for _ in range(ctx.rng.randint(1, 4))]
    r = ctx.rng.random()
    if r < 0.3:
        lines.append(f"if [ \"$(df --output=pcent / | tail -1 | tr -d ' %')\" -gt {ctx.rng.randint(70, 95)} ]; then\n  echo \"disk almost full on $(hostname)\" | mail -s alert ops@{ctx.en.domain_name()}\nfi")
    elif r < 0.55:
        lines.append(f"for svc in {' '.join(ctx.rng.sample(_UNITS, 2))}; do\n  systemctl is-active --quiet \"$svc\" || sudo systemctl start \"$svc\"\ndone")
    elif r < 0.7:
        lines.append(f"cat <<'EOF' | sudo tee /etc/motd > /dev/null\n{v.sentence(ctx)}\nEOF")
    return "\n".join(line for line in lines if line)


def _ps_line(ctx: Ctx) -> str:
    svc = ctx.pick(("Spooler", "wuauserv", "W32Time", "BITS", "MSSQLSERVER", "WinRM", "Dnscache", f"{ctx.en.word().capitalize()}Agent"))
    vendor = ctx.pick(("Acme", ctx.fake.company().split()[0].strip(","), "Contoso", "Fabrikam"))
    pkg, d = ctx.pick(("7zip", "chrome", "firefox", "zoom", "teams", "vlc", "notepadplusplus", "agent")), ctx.rng.randint(3, 90)
    return ctx.pick((
        f"Get-Service -Name \"{svc}\" | Where-Object {{ $_.Status -ne 'Running' }} | Start-Service",
        f"Get-ChildItem -Path \"C:\\ProgramData\\{vendor}\\Logs\" -Filter *.log -Recurse | Where-Object {{ $_.LastWriteTime -lt (Get-Date).AddDays(-{d}) }} | Remove-Item -Force",
        f"Invoke-WebRequest -Uri \"https://dl.{ctx.en.domain_name()}/{pkg}/{pkg}-{_ver(ctx)}-x64.msi?channel=stable\" -OutFile \"$env:TEMP\\{pkg}.msi\" -UseBasicParsing",
        f"Start-Process msiexec.exe -ArgumentList \"/i `\"$env:TEMP\\{pkg}.msi`\" /qn /norestart\" -Wait",
        "$disk = Get-CimInstance Win32_LogicalDisk -Filter \"DeviceID='C:'\"\nWrite-Output (\"C: {0:N1} GB free\" -f ($disk.FreeSpace / 1GB))",
        "Set-ItemProperty -Path \"HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\" -Name NoAutoRebootWithLoggedOnUsers -Value 1 -Type DWord",
        "winget upgrade --all --silent --accept-source-agreements --accept-package-agreements",
        ctx.pick(("gpupdate /force", "ipconfig /flushdns", "sfc /scannow", "DISM /Online /Cleanup-Image /RestoreHealth", "w32tm /resync /force")),
        f"Test-NetConnection -ComputerName {_host(ctx)} -Port {ctx.pick((443, 445, 3389, 5985, 1433))} | Select-Object ComputerName, TcpTestSucceeded",
        f"New-Item -ItemType Directory -Force -Path \"C:\\Scripts\\{ctx.en.word()}\" | Out-Null",
        f"Copy-Item -Path \"\\\\fs01\\deploy\\{pkg}\\*\" -Destination \"C:\\Program Files\\{vendor}\\\" -Recurse -Force",
        f"if (((Get-Date) - (Get-CimInstance Win32_OperatingSystem).LastBootUpTime).Days -gt {d}) {{ Restart-Computer -Force }}",
        f"Get-WinEvent -FilterHashtable @{{LogName='System'; Level=2; StartTime=(Get-Date).AddHours(-{ctx.rng.randint(1, 48)})}} | Select-Object -First 20 TimeCreated, Id, Message",
        "try {\n    Restart-Service -Name $ServiceName -Force -ErrorAction Stop\n} catch {\n    Write-Error \"Restart failed: $_\"\n    exit 1\n}",
        "Remove-Item -Path \"$env:LOCALAPPDATA\\Microsoft\\Teams\\Cache\\*\" -Recurse -Force -ErrorAction SilentlyContinue",
        "manage-bde -status C: | Select-String \"Protection Status\"",
        f"net use Z: \\\\{ctx.pick(('fs01', 'nas01', 'srv-files'))}\\{ctx.en.word()} /persistent:yes",
        f"sc.exe query \"{svc}\" | findstr /i \"STATE\"",
        "del /q /s \"%TEMP%\\*.tmp\" 2>nul",
        f"$ProgressPreference = 'SilentlyContinue'; Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First {ctx.rng.randint(3, 10)}",
    ))


def _ps_script(ctx: Ctx) -> str:
    lines = []
    if ctx.chance(0.4):
        lines.append(f"<#\n.SYNOPSIS\n    {v.sentence(ctx)}\n#>")
    if ctx.chance(0.5):
        lines.append(f"param(\n    [string]$ServiceName = \"Spooler\",\n    [int]$Days = {ctx.rng.randint(7, 90)},\n    [switch]$WhatIf\n)")
    lines.append(ctx.pick(("$ErrorActionPreference = 'Stop'", "Set-StrictMode -Version Latest", "")))
    lines += [_ps_line(ctx) for _ in range(ctx.rng.randint(1, 4))]
    if ctx.chance(0.3):
        lines.append("Write-Output \"Done on $env:COMPUTERNAME at $(Get-Date -Format o)\"")
    return "\n".join(line for line in lines if line)


def _ssh_pubkey(ctx: Ctx) -> str:
    comment = ctx.pick((f"{ctx.en.user_name()}@{ctx.pick(('laptop', 'MacBook-Pro.local', 'workstation', 'DESKTOP-' + v.alnum_token(ctx, 7).upper()))}", ctx.fake.email(),
                        f"deploy@ci-{ctx.en.word()}", "", f"{v.full_name(ctx)} (yubikey)"))
    r = ctx.rng.random()
    if r < 0.5:
        key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(ctx.rng.randbytes(32)).decode()[:43]
    elif r < 0.75:
        key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ" + base64.b64encode(ctx.rng.randbytes(ctx.pick((280, 380)))).decode()
    elif r < 0.9:
        key = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB" + base64.b64encode(ctx.rng.randbytes(48)).decode()
    else:
        key = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAI" + base64.b64encode(ctx.rng.randbytes(60)).decode() + " ssh:"
    return f"{key} {comment}".strip()


def _ops_note(ctx: Ctx) -> str:
    """A change note, review comment or reason as operators write them."""
    r = ctx.rng.random()
    if r < 0.3:
        return user_note(ctx)
    if r < 0.45:
        return synth_tech.with_aside(ctx, v.prose(ctx, 1, 2))
    ticket = f"{ctx.pick(('INC', 'CHG', 'OPS', 'SRE', 'JIRA'))}-{ctx.rng.randint(100, 99999)}"
    return ctx.pick((
        f"{ticket}: {v.sentence(ctx)} Ran `{_shell_ops(ctx)}` -- looks fine now.",
        f"Rolled back to {_ver(ctx)} -- OOMKilled at 512Mi; bumped limits to 1Gi. See {_url_q(ctx)}",
        f"Per {v.full_name(ctx)}'s request ({ticket}) -- temporary, revert after {v.iso_date(ctx)}!",
        f"Don't merge before the freeze ends; {ctx.pick(('p99 > 800ms', 'error rate >= 2%', 'disk at 91%'))} on {_host(ctx)}.\n\n```\n{_shell_ops(ctx)}\n```",
        f"{v.prose(ctx, 1, 2)} Runbook: {_url_q(ctx)}",
        f"Maintenance window {v.iso_date(ctx)} 02:00-04:00 UTC -- expect 5xx on /api/* & /admin/*",
    ))


# --------------------------------------------------------------------------
# 1. Kubernetes dashboard: deploy from YAML, raw JSON edits, patches, selectors, logs, exec
# --------------------------------------------------------------------------


def _label_selector(ctx: Ctx) -> str:
    parts = [ctx.pick((f"app.kubernetes.io/name={_app(ctx)}", f"app={_app(ctx)}", f"release={ctx.en.word()}", f"team={ctx.en.word()}"))]
    for _ in range(ctx.rng.randint(0, 2)):
        parts.append(ctx.pick(("tier in (frontend,backend)", f"environment notin ({ctx.pick(('qa', 'dev'))},sandbox)", "!canary", f"version!={_ver(ctx)}",
                               "app.kubernetes.io/managed-by=Helm", f"topology.kubernetes.io/zone={ctx.pick(_REGIONS)}a", "track")))
    return ",".join(parts)


_K8S_KINDS = {"deployment": ("apis/apps/v1", "deployments"), "cronjob": ("apis/batch/v1", "cronjobs"), "ingress": ("apis/networking.k8s.io/v1", "ingresses"),
              "configmap": ("api/v1", "configmaps"), "netpol": ("apis/networking.k8s.io/v1", "networkpolicies"), "service": ("api/v1", "services")}


def _k8s_yaml(ctx: Ctx, ns: str, name: str, kind: str, shape: str) -> str:
    """A manifest of `shape` as people paste it into the dashboard; its command or note is a slot of `kind` (multipart raw, json inside JSON)."""
    note = _yq(str(ctx.slot(kind, "metadata.annotations.note", ctx.pick((_ops_note(ctx).replace("\n", " "), v.sentence(ctx), f"owner: {ctx.fake.email()}")))))
    image = f"{ctx.pick(('ghcr.io', 'registry.gitlab.com', 'docker.io/library', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'))}/{ctx.en.word()}/{name}:{_ver(ctx)}"
    meta = f"metadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/name: {name}\n    app.kubernetes.io/part-of: {ctx.en.word()}\n  annotations:\n    note: {note}\n"
    if shape == "deployment":
        cmd = _yq(str(ctx.slot(kind, "spec.containers[0].args[0]", _shell_ops(ctx) + " && exec " + ctx.pick(("gunicorn app.wsgi -b 0.0.0.0:8080", "node server.js", f"/usr/local/bin/{name}")))))
        return (f"apiVersion: apps/v1\nkind: Deployment\n{meta}spec:\n  replicas: {ctx.rng.randint(1, 6)}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n"
                f"  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n"
                f"          command: [\"/bin/sh\", \"-c\"]\n          args:\n            - {cmd}\n          env:\n            - name: DATABASE_URL\n              valueFrom:\n"
                f"                secretKeyRef: {{name: {name}-db, key: url}}\n            - name: UPSTREAM\n              value: \"http://{_app(ctx)}.{ns}.svc.cluster.local:8080/v1?timeout=5s\"\n"
                f"          resources:\n            limits: {{cpu: \"{ctx.pick(('250m', '500m', '1'))}\", memory: {ctx.pick(('256Mi', '512Mi', '1Gi'))}}}\n")
    if shape == "cronjob":
        script = str(ctx.slot(kind, "spec.jobTemplate.containers[0].args[0]", _bash_script(ctx) if ctx.chance(0.5) else _shell_ops(ctx)))
        return (f"apiVersion: batch/v1\nkind: CronJob\n{meta}spec:\n  schedule: {_yq(_cron(ctx))}\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n"
                f"      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: {image}\n"
                f"              command: [\"/bin/bash\", \"-c\"]\n              args:\n                - {_block(script, 18)}\n")
    if shape == "ingress":
        host = _yq(str(ctx.slot(kind, "spec.rules[0].host", f"{ctx.en.word()}.{ctx.en.domain_name()}")))
        return (f"apiVersion: networking.k8s.io/v1\nkind: Ingress\n{meta.replace('  annotations:', '  annotations:' + chr(10) + '    nginx.ingress.kubernetes.io/rewrite-target: /$2' + chr(10) + '    nginx.ingress.kubernetes.io/whitelist-source-range: ' + _yq(_cidr(ctx) + ',' + _cidr(ctx)))}"
                f"spec:\n  ingressClassName: nginx\n  rules:\n    - host: {host}\n      http:\n        paths:\n          - path: /{ctx.en.word()}(/|$)(.*)\n            pathType: ImplementationSpecific\n"
                f"            backend:\n              service:\n                name: {name}\n                port: {{number: {ctx.pick((80, 8080, 3000))}}}\n")
    if shape == "configmap":
        conf = str(ctx.slot(kind, "data.entrypoint.sh", _bash_script(ctx)))
        return (f"apiVersion: v1\nkind: ConfigMap\n{meta}data:\n  LOG_LEVEL: {_yq(ctx.pick(('info', 'debug', 'warn')))}\n  ALLOWED_CIDRS: {_yq(_cidr(ctx) + ',' + _cidr(ctx))}\n"
                f"  entrypoint.sh: {_block(conf, 4)}\n")
    if shape == "netpol":
        return (f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n{meta}spec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  policyTypes: [Ingress]\n"
                f"  ingress:\n    - from:\n        - ipBlock:\n            cidr: {_cidr(ctx)}\n            except: [\"{_cidr(ctx)}\"]\n        - namespaceSelector:\n"
                f"            matchLabels: {{kubernetes.io/metadata.name: {ctx.pick(_NAMESPACES)}}}\n      ports:\n        - {{protocol: TCP, port: {ctx.pick((80, 443, 5432, 9090))}}}\n")
    return (f"apiVersion: v1\nkind: Service\n{meta}spec:\n  type: {ctx.pick(('ClusterIP', 'LoadBalancer', 'NodePort'))}\n  selector:\n    app.kubernetes.io/name: {name}\n"
            f"  loadBalancerSourceRanges: [\"{_cidr(ctx)}\"]\n  ports:\n    - name: http\n      port: 80\n      targetPort: {ctx.pick((8080, 3000, 'http'))}\n")


def _k8s_object(ctx: Ctx, ns: str, name: str) -> dict[str, Any]:
    """A Deployment as the dashboard's JSON editor sends it back (PUT of the raw object)."""
    env = [{"name": ctx.pick(("LOG_LEVEL", "FEATURE_FLAGS", "JAVA_OPTS", "NODE_OPTIONS")),
            "value": j(ctx, "env[0].value", ctx.pick(("debug", "checkout_v2,-legacy_cart", "-Xms512m -Xmx1g -XX:+UseG1GC", "--max-old-space-size=768")))},
           {"name": "CALLBACK_URL", "value": j(ctx, "env[1].value", _url_q(ctx))}]
    return {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": name, "namespace": ns, "resourceVersion": str(ctx.rng.randrange(10**6, 10**9)), "uid": ctx.fake.uuid4(), "generation": ctx.rng.randint(1, 90),
                     "labels": {"app.kubernetes.io/name": name, "team": j(ctx, "metadata.labels.team", ctx.en.word())},
                     "annotations": {"deployment.kubernetes.io/revision": str(ctx.rng.randint(1, 60)), "kubectl.kubernetes.io/restartedAt": v.iso_datetime(ctx),
                                     "note": j(ctx, "metadata.annotations.note", _ops_note(ctx))}},
        "spec": {"replicas": ctx.rng.randint(0, 8), "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": ctx.pick((0, 1, "25%"))}},
                 "template": {"metadata": {"labels": {"app.kubernetes.io/name": name}},
                              "spec": {"containers": [{"name": name, "image": j(ctx, "image", f"ghcr.io/{ctx.en.word()}/{name}:{_ver(ctx)}"),
                                                       "command": ["/bin/sh", "-c", j(ctx, "command", _shell_ops(ctx))], "env": env,
                                                       "ports": [{"containerPort": ctx.pick((8080, 3000, 9000)), "protocol": "TCP"}],
                                                       "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10}}],
                                       "nodeSelector": {"kubernetes.io/os": "linux"}}}},
    }


def _k8s_patch(ctx: Ctx, name: str) -> tuple[str, Any]:
    r = ctx.rng.random()
    if r < 0.35:
        ops: list[dict[str, Any]] = [{"op": "replace", "path": "/spec/replicas", "value": ctx.rng.randint(0, 10)}]
        if ctx.chance(0.6):
            ops.append({"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": j(ctx, "value", f"ghcr.io/{ctx.en.word()}/{name}:{_ver(ctx)}")})
        if ctx.chance(0.5):
            ops.append({"op": "add", "path": "/metadata/annotations/note", "value": j(ctx, "annotation", _ops_note(ctx))})
        return "application/json-patch+json", ops
    if r < 0.7:
        return "application/strategic-merge-patch+json", {"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": v.iso_datetime(ctx),
                                                                                                        "kubernetes.io/change-cause": j(ctx, "change-cause", ctx.pick((f"kubectl set image deploy/{name} {name}={name}:{_ver(ctx)}", _ops_note(ctx))))}}}}}
    return "application/merge-patch+json", {"metadata": {"labels": {"owner": j(ctx, "labels.owner", ctx.en.user_name())}}, "spec": {"replicas": ctx.rng.randint(0, 10)}}


def _impersonate(ctx: Ctx) -> tuple[tuple[str, str], ...]:
    """Kubernetes impersonation headers an admin's client adds now and then."""
    if not ctx.chance(0.25):
        return ()
    return (("Impersonate-User", header_slot(ctx, "Impersonate-User", ctx.fake.email())),) + ((("Impersonate-Group", "system:masters"),) if ctx.chance(0.3) else ())


@template("train", ("/kubedash/",), weight=1.3)
def kube_dashboard(ctx: Ctx) -> Request:
    """Kubernetes dashboard: deploy YAML from file, JSON object edits, JSON/merge patches, label-selector lists, container logs, exec, deletes."""
    kind = ctx.pick(("deploy", "deploy", "edit", "patch", "list", "workloads", "logs", "exec", "exec_ws", "delete", "events", "preflight"))
    ns, name = ctx.pick(_NAMESPACES), _app(ctx)
    cluster = ctx.pick(("prod-eu", "staging", "main", f"{ctx.en.word()}-gke", "k3s-homelab"))
    pod = f"{name}-{v.hex_token(ctx, 10)}-{v.alnum_token(ctx, 5).lower()}"
    if kind == "deploy":
        if ctx.chance(0.5):  # the "create from input" form: YAML inside JSON
            body = {"name": j(ctx, "name", name), "namespace": ns, "content": _k8s_yaml(ctx, ns, name, "json", ctx.pick(tuple(_K8S_KINDS))), "validate": ctx.chance(0.8)}
            return req("POST", "/kubedash/api/v1/appdeploymentfromfile", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        shape = ctx.pick(tuple(_K8S_KINDS))
        api, plural = _K8S_KINDS[shape]
        return req("POST", f"/kubedash/clusters/{seg(ctx, 'cluster', cluster)}/{api}/namespaces/{seg(ctx, 'namespace', ns)}/{plural}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctx.pick(("application/yaml", "application/apply-patch+yaml")), auth="jwt", extra=_impersonate(ctx)),
                   qs(ctx, [("fieldManager", ctx.pick(("kubectl-client-side-apply", "headlamp", "dashboard"))), ("dryRun", ctx.pick(("All", None)))], fixed=("dryRun",)),
                   _k8s_yaml(ctx, ns, name, "multipart", shape))
    if kind == "edit":
        path = f"/kubedash/api/v1/_raw/deployment/namespace/{seg(ctx, 'namespace', ns)}/name/{seg(ctx, 'name', name)}"
        return req("PUT", path, site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, _k8s_object(ctx, ns, name)))
    if kind == "patch":
        ctype, patch = _k8s_patch(ctx, name)
        return req("PATCH", f"/kubedash/clusters/{cluster}/apis/apps/v1/namespaces/{ns}/deployments/{seg(ctx, 'name', name)}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctype, auth="jwt", extra=_impersonate(ctx)), body=dumps(ctx, patch))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("labelSelector", _label_selector(ctx)), ("limit", ctx.pick((50, 100, 500)))]
        if ctx.chance(0.5):
            pairs.append(("fieldSelector", ctx.pick(("status.phase!=Running", f"spec.nodeName={_host(ctx)}", "metadata.namespace!=kube-system", "status.phase=Failed"))))
        if ctx.chance(0.3):
            pairs.append(("continue", v.b64url(ctx.rng.randbytes(30))))
        resource = ctx.pick(("pods", "services", "configmaps", "events", "persistentvolumeclaims"))
        return req("GET", f"/kubedash/clusters/{cluster}/api/v1/namespaces/{seg(ctx, 'namespace', ns)}/{resource}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt", extra=_impersonate(ctx)),
                   qs(ctx, pairs, fixed=("limit", "continue")))
    if kind == "workloads":
        pairs = [("itemsPerPage", ctx.pick((10, 25, 50))), ("page", ctx.rng.randint(1, 5)), ("sortBy", ctx.pick(("d,creationTimestamp", "a,name"))),
                 ("filterBy", f"name,{ctx.pick((name, ctx.en.word(), v.search_terms(ctx)))}")]
        return req("GET", f"/kubedash/api/v1/workloads/{seg(ctx, 'namespace', ns)}", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs, fixed=("itemsPerPage", "page", "sortBy")))
    if kind == "logs":
        pairs = [("container", name), ("previous", ctx.pick(("false", "true"))), ("tailLines", ctx.pick((100, 500, 2000))), ("timestamps", "true")]
        if ctx.chance(0.5):
            pairs.append(("sinceSeconds", ctx.pick((300, 3600, 86400))))
        if ctx.chance(0.5):
            pairs.append(("filter", ctx.pick(("level=error", "timeout|refused", "\"status\":5[0-9][0-9]", "GET /api/v1/orders", "ERROR.*OrderService", ctx.en.word()))))
        return req("GET", f"/kubedash/api/v1/log/{seg(ctx, 'namespace', ns)}/{seg(ctx, 'pod', pod)}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, pairs, fixed=("previous", "tailLines", "timestamps", "sinceSeconds")))
    if kind == "exec":
        body2 = {"container": name, "command": ["/bin/sh", "-c", j(ctx, "command", _shell_ops(ctx))], "tty": ctx.chance(0.5), "stdin": True}
        return req("POST", f"/kubedash/api/v1/pod/{seg(ctx, 'namespace', ns)}/{seg(ctx, 'pod', pod)}/exec", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "exec_ws":  # kubectl exec: the command as repeated query parameters on a websocket upgrade
        pairs = [("command", "sh"), ("command", "-c"), ("command", _shell_ops(ctx)), ("container", name), ("stdin", "true"), ("stdout", "true"), ("tty", ctx.pick(("true", "false")))]
        extra = (("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"), ("Sec-WebSocket-Key", base64.b64encode(ctx.rng.randbytes(16)).decode()),
                 ("Sec-WebSocket-Protocol", ctx.pick(("v5.channel.k8s.io", "v4.channel.k8s.io")))) + _impersonate(ctx)
        return req("GET", f"/kubedash/clusters/{cluster}/api/v1/namespaces/{ns}/pods/{seg(ctx, 'pod', pod)}/exec", headers_for(ctx, "sdk", auth="jwt", extra=extra),
                   qs(ctx, pairs, fixed=("stdin", "stdout", "tty")))
    if kind == "delete":
        if ctx.chance(0.5):
            body2 = {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": ctx.pick((0, 30)), "propagationPolicy": ctx.pick(("Foreground", "Background", "Orphan"))}
            return req("DELETE", f"/kubedash/clusters/{cluster}/api/v1/namespaces/{ns}/pods/{seg(ctx, 'pod', pod)}", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"),
                       body=dumps(ctx, body2))
        return req("DELETE", f"/kubedash/api/v1/_raw/{ctx.pick(('pod', 'job', 'configmap'))}/namespace/{ns}/name/{seg(ctx, 'name', pod)}", headers_for(ctx, "xhr", auth="jwt"))
    if kind == "events":
        pairs = [("namespace", ns), ("involvedObject.name", pod), ("reason", ctx.pick(("BackOff", "FailedScheduling", "Unhealthy", "OOMKilling")))]
        return req(ctx.pick(("GET", "HEAD")), "/kubedash/api/v1/events", headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs))
    return preflight(ctx, "/kubedash/api/v1/appdeploymentfromfile", ("POST", "PUT"), ("authorization,content-type", "content-type,x-csrf-token"))


# --------------------------------------------------------------------------
# 2. Alerting rules editor: PromQL / LogQL / SQL expressions, templated annotations, silences
# --------------------------------------------------------------------------

_LABEL_REFS = ("{{ $labels.instance }}", "{{ $labels.job }}", "{{ $labels.namespace }}/{{ $labels.pod }}", "{{ $labels.route }}", "{{ $labels.mountpoint }}",
               "{{ index $labels \"service\" }}")
_VALUE_REFS = ("{{ $value | humanizePercentage }}", "{{ $value | humanize }}", "{{ printf \"%.2f\" $value }}", "{{ $value }}", "{{ humanizeDuration $value }}",
               "{{ $values.B.Value }}")


def _promql(ctx: Ctx) -> str:
    app, w, n = _app(ctx), ctx.pick(("1m", "5m", "15m", "1h")), ctx.rng.randint(1, 95)
    return ctx.pick((
        f'sum(rate(http_requests_total{{job="{app}",status=~"5.."}}[{w}])) / sum(rate(http_requests_total{{job="{app}"}}[{w}])) > 0.0{n % 10 or 1}',
        f'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{{service="{app}"}}[{w}]))) > {ctx.pick((0.5, 1, 2.5))}',
        f'(node_filesystem_avail_bytes{{mountpoint="/",fstype!~"tmpfs|overlay"}} / node_filesystem_size_bytes) * 100 < {n % 30 + 5}',
        f'up{{job=~"{app}|node"}} == 0',
        f'increase(kube_pod_container_status_restarts_total{{namespace="{ctx.pick(_NAMESPACES)}"}}[1h]) > {n % 10 + 1}',
        'predict_linear(node_filesystem_free_bytes{mountpoint="/var/lib/postgresql"}[6h], 4 * 3600) < 0',
        f'absent(up{{job="{app}"}})',
        f'rate(node_cpu_seconds_total{{mode!="idle"}}[{w}]) * on(instance) group_left(nodename) node_uname_info > 0.9',
        f'avg_over_time(probe_success{{instance=~"https://.*{ctx.en.domain_name()}.*"}}[10m]) < 0.9',
        f'pg_replication_lag_seconds{{instance="{_host(ctx)}:9187"}} > {n}',
        'count by (namespace) (kube_pod_status_phase{phase=~"Pending|Unknown"}) > 0',
        f'(time() - {app.replace("-", "_")}_last_success_timestamp_seconds) / 3600 > {ctx.rng.randint(2, 48)}',
    ))


def _logql(ctx: Ctx) -> str:
    app, n = _app(ctx), ctx.rng.randint(1, 50)
    return ctx.pick((
        f'sum by (host) (count_over_time({{app="{app}", env="prod"}} |= "error" != "healthz" | json | level="error" [5m])) > {n}',
        'sum(rate({job="nginx"} | pattern `<ip> - - [<_>] "<method> <path> <_>" <status> <_>` | status >= 500 [5m])) > 1',
        f'count_over_time({{namespace="{ctx.pick(_NAMESPACES)}"}} |~ "(?i)panic|fatal|segfault" | logfmt | duration > 2s [10m]) > 0',
        f'sum(count_over_time({{unit="sshd.service"}} |= "Failed password" | regexp `from (?P<ip>\\S+)` [15m])) by (ip) > {n}',
    ))


def _sql_alert(ctx: Ctx) -> str:
    n = ctx.rng.randint(2, 120)
    return ctx.pick((
        "SELECT $__timeGroupAlias(created_at, '1m'), count(*) AS failures FROM payments WHERE status = 'failed' AND $__timeFilter(created_at) GROUP BY 1 ORDER BY 1",
        f"SELECT count(*) AS stuck FROM jobs WHERE state IN ('failed', 'stuck') AND updated_at < NOW() - INTERVAL '{n} minutes'",
        f"SELECT host, mean(usage_idle) FROM cpu WHERE time > now() - 5m GROUP BY host HAVING mean(usage_idle) < {n % 20 + 1}",
        'requests | where timestamp > ago(5m) and resultCode startswith "5" | summarize failures = count() by bin(timestamp, 1m), cloud_RoleName',
        f"SELECT queue, max(age_seconds) AS oldest FROM queue_stats WHERE $__timeFilter(ts) GROUP BY queue HAVING max(age_seconds) > {n * 10} -- backlog",
    ))


def _expr(ctx: Ctx) -> tuple[str, str]:
    r = ctx.rng.random()
    if r < 0.6:
        return "prometheus", _promql(ctx)
    if r < 0.8:
        return "loki", _logql(ctx)
    return "postgres", _sql_alert(ctx)


def _annotation(ctx: Ctx, key: str) -> str:
    lbl, val = ctx.pick(_LABEL_REFS), ctx.pick(_VALUE_REFS)
    what = ctx.pick(("High 5xx rate", "Disk almost full", "Instance down", "p99 latency over SLO", "Replication lag", "Crash looping", "Backlog growing"))
    if key == "summary":
        return ctx.pick((f"{what} on {lbl}", f"[{ctx.pick(('P1', 'P2', 'P3'))}] {what}: {val}", f"{lbl} -- {what.lower()} ({val})"))
    if key == "runbook_url":
        return _url_q(ctx)
    return ctx.pick((
        f"{what} is {val} on {lbl} for more than {ctx.pick(('5m', '10m', '1h'))}.\nVALUE = {{{{ $value }}}}\nLABELS = {{{{ $labels }}}}",
        f"{{{{ if gt $value 0.5 }}}}Page the on-call!{{{{ else }}}}Ticket only.{{{{ end }}}} {what} -- {val}",
        f"{what} on {lbl}. Check `{_shell_ops(ctx)}` and the dashboard: {_url_q(ctx)}",
        f"{v.prose(ctx, 1, 2)} ({val})",
        f"{{{{ range $k, $v := $labels }}}}{{{{ $k }}}}={{{{ $v }}}} {{{{ end }}}}-- {what}",
    ))


def _rule_group_yaml(ctx: Ctx) -> str:
    rules = []
    for i in range(ctx.rng.randint(1, 3)):
        _, expr = _expr(ctx)
        desc = str(ctx.slot("multipart", f"rules[{i}].annotations.description", _annotation(ctx, "description"))) if i == 0 else _annotation(ctx, "description")
        rules.append(f"      - alert: {ctx.en.word().capitalize()}{ctx.pick(('High', 'Down', 'Lag', 'Full', 'Errors'))}\n        expr: {_block(expr, 10)}\n"
                     f"        for: {ctx.pick(('1m', '5m', '10m', '30m'))}\n        labels:\n          severity: {ctx.pick(('critical', 'warning', 'info', 'page'))}\n"
                     f"          team: {ctx.en.word()}\n        annotations:\n          summary: {_yq(_annotation(ctx, 'summary'))}\n"
                     f"          description: {_block(desc, 12)}\n          runbook_url: {_yq(_url_q(ctx))}")
    return f"name: {ctx.en.word()}-{ctx.pick(('alerts', 'slo', 'rules'))}\ninterval: {ctx.pick(('30s', '1m', '5m'))}\nrules:\n" + "\n".join(r.replace("      - ", "  - ", 1).replace("\n      ", "\n  ") for r in rules) + "\n"


@template("train", ("/alertrules/",), weight=1.3)
def alert_rules_editor(ctx: Ctx) -> Request:
    """Alert rules: ruler YAML groups, provisioned rules as JSON (PromQL, LogQL, SQL), query previews, silences, notification templates, contact points."""
    kind = ctx.pick(("ruler", "rule", "rule", "preview", "explore", "silence", "template", "contact", "history", "delete"))
    folder = ctx.pick(("infra", "payments", "platform", "databases", f"team-{ctx.en.word()}"))
    if kind == "ruler":
        return req("POST", f"/alertrules/api/ruler/{ctx.pick(('grafana', 'mimir', 'cortex'))}/api/v1/rules/{seg(ctx, 'folder', folder)}",
                   headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type=ctx.pick(("application/yaml", "application/x-yaml")), auth=ctx.pick(("jwt", "apikey"))), body=_rule_group_yaml(ctx))
    if kind == "rule":
        ds, expr = _expr(ctx)
        body: dict[str, Any] = {
            "uid": v.alnum_token(ctx, 14), "title": j(ctx, "title", ctx.pick((f"{_app(ctx)} 5xx > 2%", f"Disk < 10% on {_host(ctx)}", v.short_text(ctx)))),
            "ruleGroup": ctx.pick(("every-1m", "slo", "nightly")), "folderUID": v.alnum_token(ctx, 9), "condition": "C", "for": ctx.pick(("0s", "5m", "15m")),
            "noDataState": ctx.pick(("NoData", "Alerting", "OK")), "execErrState": ctx.pick(("Error", "Alerting")),
            "data": [{"refId": "A", "datasourceUid": v.alnum_token(ctx, 9), "relativeTimeRange": {"from": 600, "to": 0},
                      "model": {"refId": "A", ("rawSql" if ds == "postgres" else "expr"): j(ctx, "data[0].model.expr", expr), "intervalMs": 1000, "maxDataPoints": 43200}},
                     {"refId": "C", "datasourceUid": "__expr__", "model": {"type": "threshold", "expression": "A", "conditions": [{"evaluator": {"type": "gt", "params": [ctx.rng.randint(0, 100)]}}]}}],
            "labels": {"severity": ctx.pick(("critical", "warning")), "team": j(ctx, "labels.team", ctx.en.word())},
            "annotations": {"summary": j(ctx, "annotations.summary", _annotation(ctx, "summary")), "description": j(ctx, "annotations.description", _annotation(ctx, "description")),
                            "runbook_url": j(ctx, "annotations.runbook_url", _url_q(ctx))},
        }
        method = ctx.pick(("POST", "PUT"))
        path = "/alertrules/api/v1/provisioning/alert-rules" + ("" if method == "POST" else f"/{seg(ctx, 'uid', v.alnum_token(ctx, 14))}")
        return req(method, path, headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt", extra=(("X-Disable-Provenance", "true"),) if ctx.chance(0.4) else ()),
                   body=dumps(ctx, body))
    if kind == "preview":
        _, expr = _expr(ctx)
        pairs = [("query", expr), ("start", v.iso_datetime(ctx)), ("end", v.iso_datetime(ctx)), ("step", ctx.pick(("15s", "30s", "60")))]
        return req("GET", f"/alertrules/api/datasources/proxy/uid/{v.alnum_token(ctx, 9)}/api/v1/query_range",
                   headers_for(ctx, "xhr", cookies=True), qs(ctx, pairs, fixed=("start", "end", "step")))
    if kind == "explore":
        _, expr = _expr(ctx)
        state = {"datasource": v.alnum_token(ctx, 9), "queries": [{"refId": "A", "expr": ctx.slot("json_query", "left.queries[0].expr", expr),
                                                                     "legendFormat": ctx.slot("json_query", "left.queries[0].legendFormat", ctx.pick(("{{instance}}", "{{route}} {{status}}", "")))}],
                 "range": {"from": "now-1h", "to": "now"}}
        return req("GET", "/alertrules/explore", headers_for(ctx, "nav", cookies=True), "orgId=1&" + json_param(ctx, "left", state))
    if kind == "silence":
        matchers = [{"name": "alertname", "value": j(ctx, "matchers[0].value", ctx.pick((f"{ctx.en.word().capitalize()}Down", "DiskAlmostFull", "HighErrorRate"))), "isRegex": False, "isEqual": True}]
        if ctx.chance(0.6):
            matchers.append({"name": ctx.pick(("instance", "pod", "namespace")), "value": j(ctx, "matchers[1].value", ctx.pick((f"{_app(ctx)}-[0-9]+", "web-0[1-3]:9100", ".*-canary-.*", _host(ctx)))),
                             "isRegex": ctx.chance(0.6), "isEqual": ctx.chance(0.9)})
        body = {"matchers": matchers, "startsAt": v.iso_datetime(ctx), "endsAt": v.iso_datetime(ctx), "createdBy": j(ctx, "createdBy", ctx.fake.email()),
                "comment": j(ctx, "comment", _ops_note(ctx))}
        return req("POST", "/alertrules/alertmanager/api/v2/silences", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "template":
        tpl_name, tpl = ctx.pick((
            ("slack.title", '{{ define "slack.title" }}[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ end }}'),
            ("email.body", '{{ define "email.body" }}{{ range .Alerts }}<b>{{ .Labels.alertname }}</b> on {{ .Labels.instance }}<br>{{ .Annotations.description }}<br>{{ end }}{{ end }}'),
            ("pd.summary", '{{ define "pd.summary" }}{{ .CommonAnnotations.summary }} -- {{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}{{ end }}'),
            ("teams.text", '{{ define "teams.text" }}{{ range .Alerts.Firing }}* {{ .Labels.severity }}: {{ .Annotations.summary }} ({{ .StartsAt.Format "15:04 MST" }})\n{{ end }}{{ end }}'),
        ))
        body = {"name": tpl_name, "template": j(ctx, "template", tpl + ("\n" + _annotation(ctx, "description") if ctx.chance(0.3) else ""))}
        return req("PUT", f"/alertrules/api/v1/provisioning/templates/{seg(ctx, 'name', ctx.pick(('slack', 'email', 'pagerduty', ctx.en.word())))}",
                   site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "contact":
        fields = [("csrf_token", v.alnum_token(ctx, 32)), ("name", ctx.pick((f"#{ctx.en.word()}-alerts", f"{ctx.en.word()} on-call", v.short_text(ctx)))),
                  ("type", ctx.pick(("webhook", "slack", "msteams", "email"))), ("settings[url]", _url_q(ctx)), ("settings[httpMethod]", ctx.pick(("POST", "PUT"))),
                  ("settings[addresses]", ";".join(ctx.fake.email() for _ in range(ctx.rng.randint(1, 3)))), ("disableResolveMessage", ctx.pick(("on", "off")))]
        return req("POST", "/alertrules/alerting/notifications/receivers/new", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx),
                                                                                          referer=v.site(ctx) + "/alertrules/alerting/notifications", cookies=True),
                   body=form(ctx, fields, fixed=("csrf_token", "type", "settings[httpMethod]", "disableResolveMessage")))
    if kind == "history":
        pairs = [("labels", ctx.pick((f'alertname="{ctx.en.word().capitalize()}Down"', f'severity=~"critical|page",team="{ctx.en.word()}"', f'instance!~"{_host(ctx)}"'))),
                 ("from", v.iso_datetime(ctx)), ("limit", ctx.pick((100, 250))), ("state", ctx.pick(("firing", "resolved", "all")))]
        return req("GET", "/alertrules/api/v1/rules/history", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("limit", "state")))
    return req("DELETE", f"/alertrules/alertmanager/api/v2/silence/{seg(ctx, 'silence', ctx.fake.uuid4())}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 3. Reverse-proxy / load-balancer config UI: nginx, Caddy, HAProxy, rewrite and header rules
# --------------------------------------------------------------------------


def _nginx_conf(ctx: Ctx, kind: str) -> str:
    domain, app, port = ctx.en.domain_name(), _app(ctx), ctx.pick((3000, 8080, 8000, 9000, 5000))
    note = str(ctx.slot(kind, "nginx.comment", ctx.pick((v.sentence(ctx), f"{v.full_name(ctx)} -- {v.iso_date(ctx)}", _ops_note(ctx).splitlines()[0]))))
    up = app.replace("-", "_")
    locations = [
        f"    location / {{\n        proxy_pass http://{up}_backend;\n        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n"
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }",
        "    location ~* \\.(?:css|js|woff2?|svg|png|jpe?g|gif|ico)$ {\n        expires 30d;\n        add_header Cache-Control \"public, immutable\";\n        access_log off;\n    }",
        "    location /ws/ {\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection \"upgrade\";\n        proxy_read_timeout 3600s;\n    }",
        f"    location ^~ /admin/ {{\n        allow {_cidr(ctx)};\n        allow {_cidr(ctx)};\n        deny all;\n        auth_basic \"Restricted\";\n        auth_basic_user_file /etc/nginx/.htpasswd;\n    }}",
        "    location = /healthz { access_log off; return 200 'ok\\n'; }",
        f"    location /api/ {{\n        limit_req zone=api burst={ctx.rng.randint(5, 50)} nodelay;\n        client_max_body_size {ctx.pick(('10m', '50m', '1g'))};\n        proxy_pass http://127.0.0.1:{port}/;\n    }}",
        "    rewrite ^/blog/(\\d{4})/(\\d{2})/(.+)$ /posts/$1-$2/$3 permanent;",
        f"    rewrite ^/old-shop/(.*)$ https://shop.{domain}/$1?utm_source=legacy&utm_medium=redirect redirect;",
        "    location ~ \\.php$ {\n        include snippets/fastcgi-php.conf;\n        fastcgi_pass unix:/run/php/php8.3-fpm.sock;\n"
        "        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    }",
        "    location ~ /\\.(?!well-known) {\n        deny all;\n    }",
        "    location / {\n        try_files $uri $uri/ /index.php?$query_string;\n    }",
        "    if ($request_method !~ ^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$) {\n        return 405;\n    }",
    ]
    chosen = [locations[i] for i in sorted(ctx.rng.sample(range(len(locations)), ctx.rng.randint(2, 4)))]
    headers = ctx.rng.sample([
        "    add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;",
        f"    add_header Content-Security-Policy \"default-src 'self'; script-src 'self' https://cdn.{domain}; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'\" always;",
        "    add_header X-Content-Type-Options nosniff;",
        "    add_header Referrer-Policy strict-origin-when-cross-origin;",
        "    proxy_hide_header X-Powered-By;",
    ], ctx.rng.randint(0, 3))
    out = [f"# {note}", f"upstream {up}_backend {{\n    least_conn;\n    server {_ip(ctx)}:{port} weight=3 max_fails=3 fail_timeout=30s;\n    server {_ip(ctx)}:{port} backup;\n    keepalive 32;\n}}"]
    if ctx.chance(0.5):
        out.append(f"server {{\n    listen 80;\n    server_name {domain} www.{domain};\n    return 301 https://$host$request_uri;\n}}")
    out.append(f"server {{\n    listen 443 ssl;\n    http2 on;\n    server_name {domain} www.{domain};\n    ssl_certificate /etc/letsencrypt/live/{domain}/fullchain.pem;\n"
               f"    ssl_certificate_key /etc/letsencrypt/live/{domain}/privkey.pem;\n    access_log /var/log/nginx/{domain}.access.log combined;\n"
               + "\n".join(headers + chosen) + "\n}")
    return "\n\n".join(out) + "\n"


def _caddyfile(ctx: Ctx) -> str:
    domain, app, port = ctx.en.domain_name(), _app(ctx), ctx.pick((3000, 8080, 9000))
    note = str(ctx.slot("multipart", "caddyfile.comment", ctx.pick((v.sentence(ctx), f"managed by {v.full_name(ctx)}", "TODO: move /legacy/* to the new cluster -- see OPS-" + str(ctx.rng.randint(100, 9999))))))
    blocks = [f"    encode zstd gzip\n    @api path /api/*\n    reverse_proxy @api {_ip(ctx)}:{port} {_ip(ctx)}:{port} {{\n        lb_policy {ctx.pick(('round_robin', 'least_conn', 'ip_hash'))}\n"
              "        health_uri /healthz\n        header_up X-Real-IP {remote_host}\n    }"]
    extra = [
        f"    handle_path /static/* {{\n        root * /srv/{app}/public\n        file_server\n    }}",
        "    redir /old/* /new{uri} 308",
        "    header {\n        Strict-Transport-Security \"max-age=31536000;\"\n        X-Frame-Options DENY\n        -Server\n    }",
        f"    @blocked not remote_ip {_cidr(ctx)} {_cidr(ctx)}\n    respond @blocked \"Forbidden\" 403",
        f"    log {{\n        output file /var/log/caddy/{domain}.log {{\n            roll_size 50MiB\n        }}\n    }}",
        "    @websockets {\n        header Connection *Upgrade*\n        header Upgrade websocket\n    }\n    reverse_proxy @websockets localhost:6001",
        "    rewrite /app/* /index.html?path={path}&{query}",
        f"    basicauth /admin/* {{\n        {ctx.en.user_name()} $2a$14${v.alnum_token(ctx, 53)}\n    }}",
    ]
    blocks += ctx.rng.sample(extra, ctx.rng.randint(1, 4))
    return f"# {note}\n{{\n    email ops@{domain}\n}}\n\n{domain}, www.{domain} {{\n" + "\n".join(blocks) + "\n}\n"


def _haproxy_cfg(ctx: Ctx) -> str:
    note = str(ctx.slot("multipart", "haproxy.comment", ctx.pick((v.sentence(ctx), f"last change: {v.full_name(ctx)} ({v.iso_date(ctx)})"))))
    servers = "\n".join(f"    server {ctx.pick(('api', 'web', 'app'))}{i} {_ip(ctx)}:{ctx.pick((8080, 8443, 3000))} check inter 2s rise 3 fall 2" for i in range(1, ctx.rng.randint(2, 5)))
    return (f"# {note}\nfrontend fe_https\n    bind :443 ssl crt /etc/haproxy/certs/ alpn h2,http/1.1\n    http-request redirect scheme https unless {{ ssl_fc }}\n"
            f"    acl is_api path_beg /api/\n    acl is_admin path_beg /admin\n    acl office src {_cidr(ctx)} {_cidr(ctx)}\n    http-request deny if is_admin !office\n"
            "    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n    http-response set-header Strict-Transport-Security \"max-age=63072000\"\n"
            f"    http-request replace-path ^/v1/(.*) /api/\\1\n    use_backend be_api if is_api\n    default_backend be_web\n\nbackend be_api\n    balance {ctx.pick(('roundrobin', 'leastconn', 'source'))}\n"
            f"    option httpchk GET /healthz\n    http-check expect status 200\n{servers}\n")


_REWRITES = ((r"^/blog/(\d{4})/(\d{2})/(.*)$", "/posts/$1-$2/$3"), (r"^/(en|de|fr)/products/([^/]+)/?$", "/products/$2?lang=$1"),
             (r"^/index\.php\?page=([a-z-]+)$", "/$1"), (r"^/docs/v1/(.*)", "https://docs.{d}/legacy/$1"), (r"(?i)^/download/(.+\.(?:zip|tar\.gz|exe|msi))$", "/files/$1"),
             (r"^/user/(\d+)/?$", "/users/$1/profile"), (r"^/(.*)/$", "/$1"), (r"^/shop(/.*)?$", "https://shop.{d}$1?ref=www"))
_CSP = ("default-src 'self'; script-src 'self' 'nonce-{n}' https://cdn.{d}; style-src 'self' 'unsafe-inline'; object-src 'none'",
        "frame-ancestors 'self' https://*.{d}", "default-src 'none'; img-src 'self' data: https:; connect-src 'self' wss://ws.{d}")


def _pem(ctx: Ctx, label: str) -> str:
    """A PEM block as certificate uploads carry it (random bytes, the right shape)."""
    lines = (base64.b64encode(ctx.rng.randbytes(48)).decode() for _ in range(ctx.rng.randint(4, 12)))
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


@template("train", ("/edgeproxy/",), weight=1.3)
def edge_proxy_config(ctx: Ctx) -> Request:
    """Reverse-proxy console: proxy hosts with advanced nginx snippets, raw nginx/Caddy/HAProxy configs, route patches, rewrite and header rules, access lists, certificates."""
    kind = ctx.pick(("proxy_host", "proxy_host", "nginx", "caddyfile", "caddy_json", "haproxy", "rewrite", "header", "access_list", "cert", "list", "delete"))
    domain = ctx.en.domain_name()
    if kind == "proxy_host":
        body: dict[str, Any] = {
            "domain_names": [j(ctx, "domain_names[0]", domain), f"www.{domain}"], "forward_scheme": ctx.pick(("http", "https")), "forward_host": j(ctx, "forward_host", ctx.pick((_ip(ctx), _app(ctx)))),
            "forward_port": ctx.pick((80, 3000, 8080, 8123, 9000)), "access_list_id": ctx.rng.randint(0, 5), "certificate_id": ctx.rng.randint(0, 30), "ssl_forced": ctx.chance(0.8),
            "caching_enabled": ctx.chance(0.3), "block_exploits": ctx.chance(0.7), "allow_websocket_upgrade": ctx.chance(0.5), "http2_support": True, "hsts_enabled": ctx.chance(0.5),
            "advanced_config": j(ctx, "advanced_config", ctx.pick(("location /api/ {\n    proxy_pass http://" + _ip(ctx) + ":8080/;\n    proxy_set_header X-Forwarded-Proto $scheme;\n}",
                                                                  "client_max_body_size 0;\nproxy_buffering off;", "add_header X-Robots-Tag \"noindex, nofollow\";",
                                                                  "rewrite ^/$ /app/ redirect;\nlocation /app/ { try_files $uri $uri/ /app/index.html; }", ""))),
            "locations": [{"path": "/grafana/", "forward_scheme": "http", "forward_host": _ip(ctx), "forward_port": 3000,
                           "advanced_config": j(ctx, "locations[0].advanced_config", "proxy_set_header Host $host;\nrewrite ^/grafana/(.*) /$1 break;")}] if ctx.chance(0.4) else [],
            "meta": {"letsencrypt_agree": True, "dns_challenge": ctx.chance(0.2), "nginx_online": True},
        }
        method = ctx.pick(("POST", "PUT"))
        path = "/edgeproxy/api/nginx/proxy-hosts" + ("" if method == "POST" else f"/{ctx.rng.randint(1, 300)}")
        return req(method, path, site_headers(ctx, "xhr", "application/json; charset=UTF-8", "jwt"), body=dumps(ctx, body))
    if kind == "nginx":
        name = seg(ctx, "file", f"{ctx.pick((domain, _app(ctx)))}.conf")
        return req("PUT", f"/edgeproxy/api/configs/sites-available/{name}", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth="jwt",
                                                                                   extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)), body=_nginx_conf(ctx, "multipart"))
    if kind == "caddyfile":
        return req("POST", "/edgeproxy/caddy/load", headers_for(ctx, "sdk", content_type="text/caddyfile"), qs(ctx, [("adapter", "caddyfile")], fixed=("adapter",)) if ctx.chance(0.3) else "",
                   _caddyfile(ctx))
    if kind == "caddy_json":
        route = {"@id": j(ctx, "@id", f"{_app(ctx)}-route"), "match": [{"host": [j(ctx, "match.host", domain)], "path": [j(ctx, "match.path", ctx.pick(("/api/*", "/v2/*", "/static/*", "*.php")))]}],
                 "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": f"{_ip(ctx)}:{ctx.pick((8080, 9000))}"} for _ in range(ctx.rng.randint(1, 3))],
                             "headers": {"request": {"set": {"X-Forwarded-Host": ["{http.request.host}"]}}}},
                            {"handler": "headers", "response": {"set": {"Content-Security-Policy": [j(ctx, "csp", ctx.pick(_CSP).format(n=v.alnum_token(ctx, 16), d=domain))]}, "delete": ["Server"]}}],
                 "terminal": True}
        return req(ctx.pick(("PATCH", "POST", "PUT")), f"/edgeproxy/caddy/config/apps/http/servers/srv0/routes/{ctx.rng.randint(0, 9)}",
                   headers_for(ctx, "sdk", content_type="application/json", extra=(("If-Match", f'"{v.hex_token(ctx, 32)}"'),) if ctx.chance(0.5) else ()), body=dumps(ctx, route))
    if kind == "haproxy":
        q = qs(ctx, [("version", ctx.rng.randint(1, 400)), ("skip_reload", ctx.pick(("false", "true")))], fixed=("version", "skip_reload"))
        return req("POST", "/edgeproxy/v2/services/haproxy/configuration/raw", headers_for(ctx, "sdk", content_type="text/plain", auth="basic"), q, _haproxy_cfg(ctx))
    if kind == "rewrite":
        pattern, repl = ctx.pick(_REWRITES)
        body = {"name": j(ctx, "name", ctx.pick((f"legacy {ctx.en.word()} urls", v.short_text(ctx), "SEO: strip trailing slash"))), "match_regex": j(ctx, "match_regex", pattern),
                "replacement": j(ctx, "replacement", repl.format(d=domain)), "flag": ctx.pick(("last", "break", "redirect", "permanent")), "priority": ctx.rng.randint(1, 100),
                "conditions": [{"type": "header", "name": "Host", "regex": j(ctx, "conditions[0].regex", f"^(www\\.)?{domain.replace('.', chr(92) + '.')}$")}] if ctx.chance(0.5) else [],
                "enabled": True}
        return req(ctx.pick(("POST", "PUT")), f"/edgeproxy/api/hosts/{ctx.rng.randint(1, 300)}/rewrites", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "header":
        name, value = ctx.pick((("Content-Security-Policy", ctx.pick(_CSP).format(n=v.alnum_token(ctx, 16), d=domain)), ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
                                ("Permissions-Policy", "camera=(), microphone=(), geolocation=(self \"https://maps." + domain + "\")"),
                                ("Link", f"<https://cdn.{domain}/app.css>; rel=preload; as=style"), ("Cache-Control", "public, max-age=600, stale-while-revalidate=60"),
                                ("Access-Control-Allow-Origin", f"https://app.{domain}"), ("X-Robots-Tag", "noindex, nofollow")))
        fields = [("_token", v.alnum_token(ctx, 40)), ("header_name", name), ("header_value", value), ("action", ctx.pick(("set", "append", "remove"))),
                  ("path_pattern", ctx.pick(("/*", "/api/*", "~ ^/(admin|wp-admin)/", "/static/"))), ("applies_to", ctx.pick(("response", "request")))]
        return req("POST", "/edgeproxy/hosts/rules/headers", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx),
                                                                       referer=v.site(ctx) + "/edgeproxy/hosts/rules", cookies=True),
                   body=form(ctx, fields, fixed=("_token", "action", "applies_to")))
    if kind == "access_list":
        body = {"name": j(ctx, "name", ctx.pick(("Office + VPN", f"{ctx.fake.company()} staff", "Home lab"))), "satisfy_any": ctx.chance(0.5), "pass_auth": ctx.chance(0.3),
                "items": [{"username": j(ctx, "items[0].username", ctx.en.user_name()), "password": j(ctx, "items[0].password", ctx.fake.password(length=ctx.rng.randint(12, 24)))}],
                "clients": [{"address": j(ctx, f"clients[{i}].address", _cidr(ctx)), "directive": ctx.pick(("allow", "deny"))} for i in range(ctx.rng.randint(1, 4))]}
        return req("PUT", f"/edgeproxy/api/nginx/access-lists/{ctx.rng.randint(1, 40)}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "cert":
        ctype, body2 = multipart(ctx, [("nice_name", ctx.pick((f"*.{domain}", f"{domain} (wildcard, exp. {v.iso_date(ctx)})", v.short_text(ctx))))],
                                 [("certificate", "fullchain.pem", "application/x-x509-ca-cert", _pem(ctx, "CERTIFICATE")), ("certificate_key", "privkey.pem", "application/octet-stream", _pem(ctx, "PRIVATE KEY"))])
        return req("POST", f"/edgeproxy/api/nginx/certificates/{ctx.rng.randint(1, 99)}/upload", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "list":
        pairs = [("expand", "owner,access_list,certificate"), ("query", ctx.pick((domain, ctx.en.word(), "*." + ctx.en.domain_name(), "")))]
        return req(ctx.pick(("GET", "HEAD")), "/edgeproxy/api/nginx/proxy-hosts", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("expand",)))
    return req("DELETE", f"/edgeproxy/api/nginx/{ctx.pick(('proxy-hosts', 'redirection-hosts', 'streams'))}/{seg(ctx, 'id', str(ctx.rng.randint(1, 300)))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 4. Backup scheduler: jobs with include/exclude globs, Linux and Windows paths, cron, restic/rsync options
# --------------------------------------------------------------------------

_GLOBS = ("**/node_modules", "*.tmp", "/home/*/.cache", "C:\\Users\\*\\AppData\\Local\\Temp\\**", "*.{iso,vmdk,qcow2}", "!important/*.log", "/var/lib/docker/overlay2/**",
          "[Tt]humbs.db", "~$*.docx", "**/.git/objects/**", "/proc", "/sys", "/dev", "/run", "/tmp/*", "*.sw[op]", "/var/cache/apt/archives/*.deb", "**/__pycache__/",
          "$RECYCLE.BIN", "System Volume Information", "*.pst", "/mnt/*", "%TEMP%\\*", "pagefile.sys", "/var/log/journal/**", "/home/*/Downloads/*.iso")


def _source(ctx: Ctx) -> str:
    return _linux_dir(ctx) if ctx.chance(0.6) else _win_dir(ctx)


def _restic_opts(ctx: Ctx) -> list[str]:
    opts = ["--one-file-system", "--exclude-caches", "--iexclude='*.iso'", f"--exclude-file=/etc/restic/{ctx.en.word()}.exclude", f"--limit-upload={ctx.pick((2048, 5120, 10240))}",
            "--compression=max", "--skip-if-unchanged", f"--tag={ctx.en.word()}", "--exclude-larger-than=2G", "--read-concurrency=4", f"--host={_host(ctx)}"]
    return ctx.rng.sample(opts, ctx.rng.randint(1, 4))


def _repo_url(ctx: Ctx) -> str:
    bucket = f"{ctx.en.word()}-backups"
    return ctx.pick((f"s3:https://s3.{ctx.pick(_REGIONS)}.amazonaws.com/{bucket}/{_host(ctx)}", f"b2:{bucket}:/{ctx.en.word()}", f"sftp:backup@{_ip(ctx)}:/srv/restic-repo",
                     f"rest:https://{ctx.en.user_name()}:{v.alnum_token(ctx, 12)}@backup.{ctx.en.domain_name()}:8000/{ctx.en.word()}/",
                     f"s3://{bucket}/{ctx.en.word()}?s3-server-name=s3.{ctx.en.domain_name()}&s3-location-constraint=eu&use-ssl=true", "/mnt/usb-backup/restic",
                     f"azure:{bucket}:/{ctx.en.word()}", "E:\\Backups\\restic", f"\\\\nas01\\backup\\{_host(ctx)}"))


def _hook(ctx: Ctx) -> str:
    return ctx.pick((
        "pg_dumpall -U postgres | gzip > /var/backups/pg-$(date +%F).sql.gz",
        f"curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/{ctx.fake.uuid4()}",
        f"docker exec {_app(ctx)}-db sh -c 'mysqldump -uroot -p\"$MYSQL_ROOT_PASSWORD\" --all-databases' > /srv/dumps/all.sql",
        "systemctl stop gitea && sleep 5",
        f"sqlite3 /var/lib/{_app(ctx)}/data.db \".backup '/var/backups/data-$(date +%s).db'\"",
        "powershell.exe -NoProfile -Command \"Stop-Service -Name MSSQLSERVER -Force\"",
        "vssadmin create shadow /for=C:",
        _shell_ops(ctx),
    ))


def _exclude_file(ctx: Ctx) -> str:
    lines = [f"# {str(ctx.slot('multipart', 'excludes.comment', ctx.pick((v.sentence(ctx), 'caches and build output -- ' + v.full_name(ctx), 'see OPS-' + str(ctx.rng.randint(100, 9999))))))}"]
    lines += ctx.rng.sample(_GLOBS, ctx.rng.randint(3, 12))
    if ctx.chance(0.4):
        lines.append(f"# keep {ctx.en.word()} logs\n!/var/log/{_app(ctx)}/*.log")
    return "\n".join(lines) + "\n"


@template("train", ("/backupctl/",), weight=1.2)
def backup_scheduler(ctx: Ctx) -> Request:
    """Backup scheduler: Duplicati-style jobs with filters, restic jobs with hooks and cron, rsync forms, exclude files, snapshot browsing, restores, agent reports."""
    kind = ctx.pick(("job", "restic", "restic", "rsync", "excludes", "browse", "restore", "report", "run", "delete"))
    job = ctx.rng.randint(1, 400)
    if kind == "job":
        filters = [{"Order": i, "Include": ctx.chance(0.2), "Expression": j(ctx, f"Filters[{i}].Expression", ctx.pick(_GLOBS + ("[.*/node_modules/.*]", "{TemporaryFiles}", "{CacheFiles}")))}
                   for i in range(ctx.rng.randint(1, 4))]
        body: dict[str, Any] = {"Backup": {"Name": j(ctx, "Name", ctx.pick((f"{_host(ctx)} nightly", v.short_text(ctx), f"{ctx.fake.company()} -- file server"))),
                                           "Description": j(ctx, "Description", ctx.pick(("", v.sentence(ctx), _ops_note(ctx)))), "TargetURL": j(ctx, "TargetURL", _repo_url(ctx)),
                                           "Sources": [j(ctx, f"Sources[{i}]", _source(ctx)) for i in range(ctx.rng.randint(1, 4))], "Filters": filters,
                                           "Settings": [{"Name": "encryption-module", "Value": "aes"}, {"Name": "compression-module", "Value": "zip"},
                                                        {"Name": "--blocksize", "Value": ctx.pick(("1MB", "5MB"))}, {"Name": "--run-script-before", "Value": j(ctx, "run-script-before", _hook(ctx))}]},
                                "Schedule": {"Repeat": ctx.pick(("1D", "1W", "12h", "6h")), "Time": v.iso_datetime(ctx), "AllowedDays": ctx.rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ctx.rng.randint(1, 7))}}
        return req("POST", "/backupctl/api/v1/backups", site_headers(ctx, "xhr", "application/json; charset=utf-8", None, cookies=True), body=dumps(ctx, body))
    if kind == "restic":
        body = {"name": j(ctx, "name", f"{_host(ctx)}-{ctx.pick(('daily', 'hourly', 'weekly'))}"), "repository": j(ctx, "repository", _repo_url(ctx)),
                "paths": [j(ctx, f"paths[{i}]", _source(ctx)) for i in range(ctx.rng.randint(1, 3))],
                "exclude": [j(ctx, f"exclude[{i}]", ctx.pick(_GLOBS)) for i in range(ctx.rng.randint(0, 5))], "options": _restic_opts(ctx),
                "schedule": {"cron": j(ctx, "schedule.cron", _cron(ctx)), "timezone": ctx.fake.timezone(), "jitter": ctx.pick(("0s", "15m", "1h"))},
                "retention": {"keep_daily": ctx.rng.randint(3, 14), "keep_weekly": ctx.rng.randint(2, 8), "keep_monthly": ctx.rng.randint(0, 24), "prune": ctx.chance(0.7)},
                "hooks": {"pre": [j(ctx, "hooks.pre[0]", _hook(ctx))], "post": [j(ctx, "hooks.post[0]", _hook(ctx))] if ctx.chance(0.6) else [],
                          "on_failure": j(ctx, "hooks.on_failure", f"curl -fsS -X POST -d \"job=$JOB_NAME&status=failed\" '{_url_q(ctx)}'")},
                "env": {"RESTIC_PASSWORD_FILE": "/etc/restic/password", "AWS_ACCESS_KEY_ID": "AKIA" + v.alnum_token(ctx, 16).upper()}}
        method = ctx.pick(("POST", "PUT"))
        return req(method, "/backupctl/api/v1/jobs" + ("" if method == "POST" else f"/{seg(ctx, 'job', str(job))}"), headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, body))
    if kind == "rsync":
        fields = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("task_name", ctx.pick((f"mirror {_app(ctx)}", v.short_text(ctx)))), ("source", _linux_dir(ctx)),
                  ("destination", f"{ctx.pick(('backup', 'rsync', _login(ctx)))}@{ctx.pick((_ip(ctx), _host(ctx)))}:/volume1/{ctx.en.word()}/"),
                  ("options", ctx.pick(("-aHAX --delete --numeric-ids", "-avz --partial --progress", "-a --delete-after --exclude-from=/etc/rsync-excludes.txt", "-rltD --chmod=Du=rwx,Fu=rw --bwlimit=20M"))),
                  ("ssh_options", ctx.pick(("-p 2222 -i /root/.ssh/id_ed25519", "-o StrictHostKeyChecking=accept-new", ""))), ("schedule", _cron(ctx)),
                  ("enabled", "on"), ("notify_email", ctx.fake.email())]
        return req("POST", f"/backupctl/tasks/rsync/{ctx.pick(('add', str(job) + '/edit'))}/", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx),
                                                                                                   referer=v.site(ctx) + "/backupctl/tasks/rsync/", cookies=True),
                   body=form(ctx, fields, fixed=("csrfmiddlewaretoken", "enabled")))
    if kind == "excludes":
        return req("PUT", f"/backupctl/api/v1/jobs/{seg(ctx, 'job', str(job))}/excludes", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="text/plain; charset=utf-8", auth="jwt"),
                   body=_exclude_file(ctx))
    if kind == "browse":
        pairs = [("path", _source(ctx)), ("recursive", ctx.pick(("false", "true"))), ("filter", ctx.pick(("", "*.conf", "*.sql.gz", "*.docx", ctx.en.word() + "*")))]
        return req("GET", f"/backupctl/api/v1/snapshots/{seg(ctx, 'snapshot', v.hex_token(ctx, 8))}/ls", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("recursive",)))
    if kind == "restore":
        body = {"snapshot": v.hex_token(ctx, 64), "include": [j(ctx, f"include[{i}]", _source(ctx) + ctx.pick(("", ctx.en.file_name(), "*.conf"))) for i in range(ctx.rng.randint(1, 3))],
                "target": j(ctx, "target", ctx.pick((f"/tmp/restore-{v.iso_date(ctx)}", "/", "D:\\Restore\\", f"/srv/restore/{_host(ctx)}/"))), "overwrite": ctx.pick(("always", "if-newer", "never")),
                "verify": ctx.chance(0.5), "reason": j(ctx, "reason", _ops_note(ctx))}
        return req("POST", "/backupctl/api/v1/restores", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "report":  # the agent posts restic's --json summary plus its errors
        errors = [{"message_type": "error", "during": "archival", "item": j(ctx, f"errors[{i}].item", _source(ctx) + ctx.en.file_name()),
                   "error": {"message": j(ctx, f"errors[{i}].message", ctx.pick(("permission denied", "file changed as we read it", "The process cannot access the file because it is being used by another process.",
                                                                               "lstat: no such file or directory", "read: input/output error")))}} for i in range(ctx.rng.randint(0, 3))]
        body = {"job_id": job, "host": _host(ctx), "summary": {"message_type": "summary", "files_new": ctx.rng.randint(0, 5000), "files_changed": ctx.rng.randint(0, 900),
                                                               "data_added": ctx.rng.randint(0, 10**10), "total_duration": round(ctx.rng.uniform(5, 7200), 3), "snapshot_id": v.hex_token(ctx, 64)},
                "errors": errors, "log_tail": j(ctx, "log_tail", "\n".join(_shell_ops(ctx) for _ in range(ctx.rng.randint(1, 3))))}
        return req("POST", "/backupctl/agent/v1/reports", headers_for(ctx, "sdk", content_type="application/json", auth="apikey",
                                                                      extra=(("X-Backup-Host", header_slot(ctx, "X-Backup-Host", _host(ctx))),)), body=dumps(ctx, body))
    if kind == "run":
        return req("POST", f"/backupctl/api/v1/jobs/{seg(ctx, 'job', str(job))}/run", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"),
                   qs(ctx, [("dry_run", ctx.pick(("true", "false")))], fixed=("dry_run",)), dumps(ctx, {"tags": [j(ctx, "tags[0]", ctx.pick(("manual", "pre-upgrade", ctx.en.word())))]}))
    return req("DELETE", f"/backupctl/api/v1/jobs/{seg(ctx, 'job', str(job))}", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, [("keep_snapshots", ctx.pick(("true", "false")))], fixed=("keep_snapshots",)))


# --------------------------------------------------------------------------
# 5. Server provisioning panel: cloud-init user-data, startup scripts, SSH keys, firewalls
# --------------------------------------------------------------------------


def _cloud_config(ctx: Ctx, kind: str) -> str:
    """#cloud-config user-data; one runcmd line is a slot of `kind`."""
    login, host, domain = _login(ctx), _host(ctx).split(".")[0].lower(), ctx.en.domain_name()
    jinja = ctx.chance(0.25)
    lines = (["## template: jinja"] if jinja else []) + ["#cloud-config"]
    lines.append(f"hostname: {host}" if not jinja else "hostname: \"{{ v1.local_hostname }}\"")
    lines.append(f"fqdn: \"{host}.{domain}\"" if not jinja else f"fqdn: \"{{{{ v1.local_hostname }}}}.{domain}\"")
    lines += ["manage_etc_hosts: true", f"timezone: {ctx.fake.timezone()}", "users:", f"  - name: {login}", "    groups: [sudo, docker]", "    shell: /bin/bash",
              f"    sudo: {_yq(ctx.pick(('ALL=(ALL) NOPASSWD:ALL', 'ALL=(ALL) NOPASSWD: /usr/bin/systemctl, /usr/bin/journalctl')))}", "    ssh_authorized_keys:", f"      - {_yq(_ssh_pubkey(ctx))}"]
    lines += ["package_update: true", f"package_upgrade: {ctx.pick(('true', 'false'))}", "packages:"] + [f"  - {p}" for p in ctx.rng.sample(_PACKAGES, ctx.rng.randint(2, 6))]
    files = [f"  - path: /etc/ssh/sshd_config.d/99-hardening.conf\n    permissions: \"0644\"\n    content: |\n      PasswordAuthentication no\n      PermitRootLogin prohibit-password\n      AllowUsers {login}",
             f"  - path: /usr/local/bin/{ctx.en.word()}-backup.sh\n    permissions: \"0755\"\n    content: {_block(_bash_script(ctx), 6)}",
             f"  - path: /etc/nginx/conf.d/{_app(ctx)}.conf\n    content: |\n      server {{\n        listen 80 default_server;\n        location / {{ proxy_pass http://127.0.0.1:{ctx.pick((3000, 8080))}; }}\n      }}",
             f"  - path: /etc/docker/daemon.json\n    content: |\n      {{\"log-driver\": \"json-file\", \"log-opts\": {{\"max-size\": \"{ctx.pick(('10m', '50m'))}\", \"max-file\": \"3\"}}}}"]
    lines.append("write_files:")
    lines += ctx.rng.sample(files, ctx.rng.randint(1, 3))
    cmds = [_shell_ops(ctx) for _ in range(ctx.rng.randint(1, 4))]
    cmds.insert(ctx.rng.randint(0, len(cmds)), str(ctx.slot(kind, "runcmd", ctx.pick((f"curl -fsSL {ctx.pick(_INSTALLERS)} | sh", "ufw allow 22/tcp && ufw allow 443/tcp && ufw --force enable",
                                                                                   "sed -i 's/^#\\?PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config && systemctl reload ssh",
                                                                                   f"echo '{_ip(ctx)} {_app(ctx)}.internal' >> /etc/hosts", _shell_ops(ctx))))))
    lines.append("runcmd:")
    lines += [f"  - {_yq(c)}" for c in cmds]
    lines.append(f"final_message: {_yq(ctx.pick(('The system is finally up, after $UPTIME seconds', 'cloud-init done on ' + host)))}")
    return "\n".join(lines) + "\n"


@template("train", ("/provision/",), weight=1.3)
def server_provisioning(ctx: Ctx) -> Request:
    """Server provisioning: create servers with cloud-init user-data, user-data uploads (cloud-config + scripts), startup scripts, SSH keys, firewalls, label-selector lists."""
    kind = ctx.pick(("create", "create", "userdata", "userdata_upload", "startup", "ssh_key", "ssh_key_form", "firewall", "list", "action", "delete"))
    if kind == "create":
        body: dict[str, Any] = {"name": j(ctx, "name", _host(ctx).split(".")[0].lower()), "server_type": ctx.pick(("cx22", "cpx31", "s-2vcpu-4gb", "t3.medium", "ccx23")),
                                "image": ctx.pick(("ubuntu-24.04", "debian-12", "rocky-9", "fedora-41", "windows-server-2022")), "location": ctx.pick(_REGIONS),
                                "ssh_keys": [j(ctx, "ssh_keys[0]", ctx.pick((ctx.en.user_name() + "@laptop", str(rid(ctx)))))], "start_after_create": True,
                                "user_data": _cloud_config(ctx, "json") if ctx.chance(0.75) else j(ctx, "user_data", _bash_script(ctx)),
                                "labels": {"env": ctx.pick(("prod", "staging", "dev")), "role": j(ctx, "labels.role", ctx.pick(("web", "db", "k8s-worker", ctx.en.word())))},
                                "public_net": {"enable_ipv4": ctx.chance(0.8), "enable_ipv6": True}, "firewalls": [{"firewall": ctx.rng.randint(1, 9999)}]}
        return req("POST", "/provision/v1/servers", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "userdata":
        return req("PUT", f"/provision/v1/user-data-templates/{seg(ctx, 'template', ctx.pick((ctx.en.slug(), str(rid(ctx)))))}",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctx.pick(("text/cloud-config", "application/yaml", "text/yaml")), auth="jwt"), body=_cloud_config(ctx, "multipart"))
    if kind == "userdata_upload":
        script = str(ctx.slot("multipart", "bootstrap.sh", _bash_script(ctx)))
        fields = [("name", ctx.pick((f"{_app(ctx)} bootstrap", v.short_text(ctx)))), ("description", ctx.pick(("", v.sentence(ctx), _ops_note(ctx))))]
        ctype, body2 = multipart(ctx, fields, [("cloud_config", "cloud-config.yaml", "text/cloud-config", _cloud_config(ctx, "multipart")),
                                               ("script", "bootstrap.sh", "text/x-shellscript", script)])
        return req("POST", "/provision/user-data/new", headers_for(ctx, "nav", content_type=ctype, origin=v.site(ctx), referer=v.site(ctx) + "/provision/user-data", cookies=True), body=body2)
    if kind == "startup":
        fields = [("name", ctx.pick((f"{ctx.en.word()}-init", v.short_text(ctx)))), ("type", ctx.pick(("boot", "pxe"))), ("script", _bash_script(ctx) if ctx.chance(0.7) else _ps_script(ctx))]
        return req("POST", "/provision/v2/startup-scripts", headers_for(ctx, "sdk", content_type="application/x-www-form-urlencoded", auth="apikey"), body=form(ctx, fields, fixed=("type",)))
    if kind == "ssh_key":
        body = {"name": j(ctx, "name", ctx.pick((f"{v.full_name(ctx)}'s laptop", ctx.en.user_name(), "CI deploy key"))), "public_key": j(ctx, "public_key", _ssh_pubkey(ctx)),
                "labels": {"owner": j(ctx, "labels.owner", ctx.en.user_name())}}
        return req("POST", "/provision/v1/ssh_keys", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "ssh_key_form":
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("key[name]", ctx.pick((ctx.en.user_name(), v.full_name(ctx)))), ("key[data]", _ssh_pubkey(ctx)),
                  ("key[default]", ctx.pick(("0", "1")))]
        return req("POST", "/provision/account/keys", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx), referer=v.site(ctx) + "/provision/account/keys",
                                                                  cookies=True), body=form(ctx, fields, fixed=("authenticity_token", "key[default]")))
    if kind == "firewall":
        rules = [{"direction": ctx.pick(("in", "out")), "protocol": ctx.pick(("tcp", "udp", "icmp")), "port": ctx.pick(("22", "80", "443", "8000-9000", "51820", "any")),
                  "source_ips": [j(ctx, f"rules[{i}].source_ips[{k}]", _cidr(ctx)) for k in range(ctx.rng.randint(1, 3))],
                  "description": j(ctx, f"rules[{i}].description", ctx.pick(("SSH from office", f"{ctx.fake.company()} VPN", "wireguard", v.short_text(ctx), "k8s nodeports 30000-32767")))}
                 for i in range(ctx.rng.randint(1, 4))]
        return req("POST", f"/provision/v1/firewalls/{seg(ctx, 'firewall', str(rid(ctx)))}/actions/set_rules", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"),
                   body=dumps(ctx, {"rules": rules}))
    if kind == "list":
        pairs = [("label_selector", ctx.pick(("env=prod,role!=db", f"team in ({ctx.en.word()},{ctx.en.word()})", "!decommissioned", f"role={ctx.en.word()}"))),
                 ("name", ctx.pick(("", _host(ctx).split(".")[0].lower()))), ("sort", ctx.pick(("created:desc", "name:asc", "id"))), ("per_page", 50)]
        return req("GET", "/provision/v1/servers", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("sort", "per_page")))
    if kind == "action":
        action = ctx.pick(("rebuild", "reboot", "enable_rescue", "create_image"))
        body = {"image": ctx.pick(("ubuntu-24.04", "debian-12"))} if action == "rebuild" else {"type": "linux64", "ssh_keys": [rid(ctx)]} if action == "enable_rescue" else \
            {"description": j(ctx, "description", ctx.pick((f"pre-upgrade {v.iso_date(ctx)}", _ops_note(ctx)))), "type": "snapshot"} if action == "create_image" else {}
        return req("POST", f"/provision/v1/servers/{seg(ctx, 'server', str(rid(ctx)))}/actions/{action}", headers_for(ctx, "xhr", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/provision/v1/{ctx.pick(('servers', 'ssh_keys', 'firewalls'))}/{seg(ctx, 'id', str(rid(ctx)))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"))


# --------------------------------------------------------------------------
# 6. IT remote management: scripts pushed to fleets, parameters, agent output and inventory
# --------------------------------------------------------------------------

_RMM_VARS = ("{{agent.hostname}}", "{{client.name}}", "{{site.name}}", "{{agent.public_ip}}", "{{global.smtp_server}}", "{{agent.logged_in_username}}")


def _script_args(ctx: Ctx) -> list[str]:
    return ctx.rng.sample([f"-ServiceName {ctx.pick(('Spooler', 'wuauserv', 'BITS'))}", f"-Days {ctx.rng.randint(7, 90)}", f"-Hostname {ctx.pick(_RMM_VARS)}",
                           f"-LogPath \"{_win_dir(ctx)}logs\"", "-WhatIf", f"--client \"{ctx.pick(_RMM_VARS)}\"", f"--threshold={ctx.rng.randint(70, 95)}",
                           f"-Url \"{_url_q(ctx)}\"", f"-Message \"{v.sentence(ctx)}\""], ctx.rng.randint(0, 3))


def _script_output(ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.35:
        rows = "\n".join(f"{ctx.pick(('Running', 'Stopped'))}  {ctx.pick(('Spooler', 'wuauserv', 'WinRM', 'BITS', 'W32Time'))}  {ctx.pick(('Print Spooler', 'Windows Update', 'Background Intelligent Transfer Service'))}"
                         for _ in range(ctx.rng.randint(1, 5)))
        return f"\nStatus   Name               DisplayName\n------   ----               -----------\n{rows}\n"
    if r < 0.6:
        return "\n".join(f"{_win_dir(ctx)}{ctx.en.file_name()}  {ctx.rng.randint(1, 9000)} KB  removed" for _ in range(ctx.rng.randint(1, 6)))
    if r < 0.8:
        return f"Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        {ctx.rng.randint(20, 500)}G  {ctx.rng.randint(5, 400)}G  {ctx.rng.randint(1, 100)}G  {ctx.rng.randint(10, 99)}% /\n{_shell_ops(ctx)}: ok"
    return f"C: {ctx.rng.randint(1, 400)}.{ctx.rng.randint(0, 9)} GB free\nDone on {_host(ctx)} at {v.iso_datetime(ctx)}\n{v.sentence(ctx)}"


def _inventory_xml(ctx: Ctx) -> str:
    def attr(name: str, value: str) -> str:
        return enc_xml(str(ctx.slot("xml", name, value)))

    pkgs = []
    for i in range(ctx.rng.randint(1, 5)):
        vendor = ctx.pick((ctx.fake.company(), "Microsoft Corporation", "O'Reilly Media", "Igor Pavlov", "Mozilla", "Dell Inc."))
        name = ctx.pick(("7-Zip 24.08 (x64)", "Mozilla Firefox (x64 en-US)", "Microsoft 365 Apps for enterprise - en-us", f"{ctx.en.word().capitalize()} Agent", "Notepad++ (64-bit x64)"))
        pkgs.append(f'    <Package name="{attr(f"software[{i}].name", name) if i == 0 else enc_xml(name)}" version="{_ver(ctx)}" publisher="{enc_xml(vendor)}" '
                    f'installLocation="{enc_xml(_win_dir(ctx))}"/>')
    user = attr("loggedOnUser", f"{ctx.pick(('CORP', 'AD', ctx.en.word().upper()))}\\{ctx.en.user_name()}")
    notes = attr("notes", ctx.pick(("", v.sentence(ctx), _ops_note(ctx))))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Inventory agentId="{ctx.fake.uuid4()}" hostname="{enc_xml(_host(ctx))}" os="{ctx.pick(("Windows 11 Pro 23H2", "Windows Server 2022 Standard", "Windows 10 Enterprise 22H2"))}">\n'
            f"  <Software>\n" + "\n".join(pkgs) + "\n  </Software>\n"
            f'  <Services>\n    <Service name="Spooler" state="{ctx.pick(("Running", "Stopped"))}" startMode="Auto" path="C:\\Windows\\System32\\spoolsv.exe"/>\n  </Services>\n'
            f'  <Disk id="C:" freeGb="{ctx.rng.randint(1, 400)}" sizeGb="{ctx.pick((128, 256, 512, 1024))}"/>\n  <LoggedOnUser>{user}</LoggedOnUser>\n  <Notes>{notes}</Notes>\n</Inventory>\n')


@template("train", ("/rmmfleet/",), weight=1.3)
def rmm_script_runner(ctx: Ctx) -> Request:
    """IT remote management: script library (PowerShell, cmd, bash), run-on-agent and bulk runs with parameters, agent output uploads, XML inventory, GraphQL device search."""
    kind = ctx.pick(("script", "script", "run", "bulk", "output", "output_file", "inventory", "graphql", "list", "delete"))
    agent = v.alnum_token(ctx, 40) if ctx.chance(0.5) else ctx.fake.uuid4()
    if kind == "script":
        shell = ctx.pick(("powershell", "powershell", "cmd", "shell", "python"))
        code = _ps_script(ctx) if shell == "powershell" else _bash_script(ctx) if shell == "shell" else \
            "\n".join(_ps_line(ctx) for _ in range(2)) if shell == "cmd" else f"import subprocess, sys\nout = subprocess.run({json.dumps(['systemctl', 'is-active', ctx.pick(_UNITS)])}, capture_output=True, text=True)\nsys.exit(0 if out.stdout.strip() == 'active' else 1)"
        body: dict[str, Any] = {"name": j(ctx, "name", ctx.pick((f"Clear {ctx.en.word()} cache", f"Restart {ctx.pick(('Spooler', 'Explorer', 'agent'))} service", v.short_text(ctx)))),
                                "shell": shell, "script_body": j(ctx, "script_body", code), "args": [j(ctx, f"args[{i}]", a) for i, a in enumerate(_script_args(ctx))],
                                "env_vars": [j(ctx, "env_vars[0]", f"{ctx.pick(('API_URL', 'LOG_DIR', 'TENANT'))}={ctx.pick((_url_q(ctx), _win_dir(ctx), ctx.pick(_RMM_VARS)))}")] if ctx.chance(0.4) else [],
                                "default_timeout": ctx.pick((60, 90, 300, 900)), "category": j(ctx, "category", ctx.pick(("Maintenance", "Onboarding", "Security", "Software", ctx.en.word().capitalize()))),
                                "description": j(ctx, "description", ctx.pick(("", v.sentence(ctx), _ops_note(ctx)))), "supported_platforms": ctx.rng.sample(["windows", "linux", "darwin"], ctx.rng.randint(1, 3)),
                                "run_as_user": ctx.chance(0.2)}
        method = ctx.pick(("POST", "PUT"))
        return req(method, "/rmmfleet/scripts/" + ("" if method == "POST" else f"{seg(ctx, 'script', str(ctx.rng.randint(1, 900)))}/"), site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "run":
        body = {"script": ctx.rng.randint(1, 900), "output": ctx.pick(("wait", "forget", "email", "collector")), "args": [j(ctx, f"args[{i}]", a) for i, a in enumerate(_script_args(ctx))],
                "env_vars": [], "timeout": ctx.pick((30, 90, 600)), "run_as_user": ctx.chance(0.2), "emails": [j(ctx, "emails[0]", ctx.fake.email())] if ctx.chance(0.3) else []}
        return req("POST", f"/rmmfleet/agents/{seg(ctx, 'agent', agent)}/runscript/", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "bulk":
        shell = ctx.pick(("powershell", "cmd", "bash"))
        body = {"mode": "command", "target": ctx.pick(("client", "site", "agents", "all")), "client": ctx.rng.randint(1, 80), "site": ctx.rng.randint(1, 300),
                "agents": [v.alnum_token(ctx, 40) for _ in range(ctx.rng.randint(0, 3))], "cmd": j(ctx, "cmd", _ps_line(ctx) if shell != "bash" else _shell_ops(ctx)), "shell": shell,
                "timeout": ctx.pick((30, 120, 300)), "monType": ctx.pick(("all", "servers", "workstations")), "osType": ctx.pick(("windows", "linux", "all")), "offlineAgents": ctx.chance(0.2)}
        return req("POST", "/rmmfleet/agents/actions/bulk/", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "output":  # the agent reports a finished run
        body = {"id": ctx.rng.randint(1, 10**7), "stdout": j(ctx, "stdout", _script_output(ctx)), "stderr": j(ctx, "stderr", ctx.pick(("", "", f"WARNING: {v.sentence(ctx)}",
                                                                                                                                         f"Remove-Item : Access to the path '{_win_dir(ctx)}' is denied."))),
                "retcode": ctx.pick((0, 0, 0, 1, 2, 5)), "execution_time": round(ctx.rng.uniform(0.1, 300), 3)}
        return req(ctx.pick(("PATCH", "POST")), f"/rmmfleet/api/v3/{seg(ctx, 'agent', agent)}/scriptoutput/", headers_for(ctx, "sdk", content_type="application/json", auth="apikey",
                                                                                                                 extra=(("X-Agent-Hostname", header_slot(ctx, "X-Agent-Hostname", _host(ctx))),)),
                   body=dumps(ctx, body))
    if kind == "output_file":
        fields = [("agent_id", agent), ("task", str(ctx.rng.randint(1, 10**6))), ("retcode", ctx.pick(("0", "1")))]
        log = str(ctx.slot("multipart", "stdout.log", _script_output(ctx)))
        ctype, body2 = multipart(ctx, fields, [("file", ctx.pick(("stdout.log", "transcript.txt", f"{ctx.en.word()}-output.txt")), "text/plain", log)])
        return req("POST", "/rmmfleet/api/v3/upload/", headers_for(ctx, "sdk", content_type=ctype, auth="apikey"), body=body2)
    if kind == "inventory":
        return req("POST", f"/rmmfleet/api/v3/{seg(ctx, 'agent', agent)}/inventory", headers_for(ctx, "sdk", content_type=ctx.pick(("text/xml; charset=utf-8", "application/xml")), auth="apikey"),
                   body=_inventory_xml(ctx))
    if kind == "graphql":
        body = {"operationName": "DevicesTable",
                "query": "query DevicesTable($search: String, $filter: DeviceFilter, $first: Int!) { devices(search: $search, filter: $filter, first: $first) { edges { node { id hostname os lastSeen needsReboot } } pageInfo { endCursor } } }",
                "variables": {"search": j(ctx, "variables.search", ctx.pick((_host(ctx), ctx.en.word(), v.search_terms(ctx)))), "first": ctx.pick((25, 50, 100)),
                              "filter": {"os": ctx.pick(("WINDOWS", "LINUX", "MAC")), "site": j(ctx, "variables.filter.site", ctx.pick((ctx.fake.city(), f"{ctx.fake.company()} HQ")))}}}
        return req("POST", "/rmmfleet/graphql", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "list":
        pairs = [("search", ctx.pick((_host(ctx), ctx.en.word(), ""))), ("client", ctx.pick((ctx.fake.company(), ""))), ("status", ctx.pick(("online", "offline", "overdue"))),
                 ("page", ctx.rng.randint(1, 20))]
        return req(ctx.pick(("GET", "HEAD")), "/rmmfleet/agents/", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs, fixed=("status", "page")))
    return req("DELETE", f"/rmmfleet/scripts/{seg(ctx, 'script', str(ctx.rng.randint(1, 900)))}/", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 7. Database migration service: versioned SQL files, reviews, checks, Liquibase changelogs
# --------------------------------------------------------------------------

_TABLES = ("orders", "customers", "invoices", "line_items", "audit_log", "sessions", "api_keys", "shipments", "subscriptions", "tenants", "payouts", "feature_flags")


def _sql_stmt(ctx: Ctx) -> str:
    t = ctx.pick(_TABLES)
    col = f"{ctx.en.word()}_{ctx.pick(('id', 'at', 'note', 'count', 'status'))}"
    typ = ctx.pick(("text", "timestamptz", "bigint", "jsonb", "boolean NOT NULL DEFAULT false", "varchar(255)", "numeric(12,2)"))
    ticket = f"{ctx.pick(('DB', 'OPS', 'JIRA'))}-{ctx.rng.randint(100, 9999)}"
    quoted = v.sentence(ctx).replace("'", "''")
    return ctx.pick((
        f"CREATE TABLE IF NOT EXISTS {t}_{ctx.en.word()} (\n    id bigserial PRIMARY KEY,\n    {t.rstrip('s')}_id bigint NOT NULL REFERENCES {t}(id) ON DELETE CASCADE,\n"
        f"    note text,\n    status varchar(32) NOT NULL DEFAULT 'pending',\n    created_at timestamptz NOT NULL DEFAULT now()\n);",
        f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {col} {typ};",
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_{t}_{col} ON {t} ({col}) WHERE deleted_at IS NULL;",
        f"UPDATE {t} SET status = 'archived' WHERE updated_at < now() - interval '{ctx.rng.randint(30, 720)} days'; -- backfill, {ticket}",
        f"INSERT INTO feature_flags (key, enabled, description) VALUES ('{ctx.en.word()}_v2', false, 'O''Brien''s rollout -- see {ticket}') ON CONFLICT (key) DO NOTHING;",
        f"DROP INDEX IF EXISTS idx_{t}_legacy;",
        f"COMMENT ON COLUMN {t}.{col} IS '{quoted}';",
        f"/* {v.sentence(ctx)}\n   {ctx.pick(('Safe to run online.', 'Takes ~4 min on prod; run off-peak!', 'Reviewed by ' + v.full_name(ctx)))} */",
        "CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;",
        f"CREATE TRIGGER {t}_touch BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION touch_updated_at();",
        f"GRANT SELECT ON {t} TO reporting_ro;",
        f"CREATE VIEW active_{t} AS SELECT * FROM {t} WHERE deleted_at IS NULL UNION ALL SELECT * FROM {t}_archive WHERE restored = true;",
        f"DELETE FROM {t} WHERE created_at < '2020-01-01' AND status = 'draft';",
        f"ALTER TABLE {t} DROP COLUMN IF EXISTS legacy_{ctx.en.word()};",
        f"ALTER TABLE `{t}` ADD COLUMN `{col}` VARCHAR(255) NULL AFTER `status`, ALGORITHM=INPLACE, LOCK=NONE;",
        f"ALTER TABLE {t} ALTER COLUMN {col} SET NOT NULL; -- was nullable since V{ctx.rng.randint(1, 90)}",
        f"SELECT setval('{t}_id_seq', (SELECT max(id) FROM {t}));",
    ))


def _migration(ctx: Ctx, version: int, desc: str, slot_kind: str | None) -> str:
    lines = [f"-- V{version}__{desc}.sql", f"-- Author: {v.full_name(ctx)} <{ctx.fake.email()}>"]
    note = ctx.pick((v.sentence(ctx), f"{ctx.pick(('DB', 'OPS'))}-{ctx.rng.randint(100, 9999)}: {v.short_text(ctx)}", "Don't run this by hand -- the pipeline applies it"))
    lines.append("-- " + (str(ctx.slot(slot_kind, "migration.comment", note)) if slot_kind else note))
    stmts = [_sql_stmt(ctx) for _ in range(ctx.rng.randint(1, 5))]
    if ctx.chance(0.4):
        stmts = ["BEGIN;"] + stmts + ["COMMIT;"]
    return "\n".join(lines) + "\n\n" + "\n\n".join(stmts) + "\n"


def _changelog_xml(ctx: Ctx) -> str:
    author = enc_xml(str(ctx.slot("xml", "changeSet@author", ctx.pick((ctx.en.user_name(), v.full_name(ctx))))))
    comment = enc_xml(str(ctx.slot("xml", "changeSet.comment", ctx.pick((v.sentence(ctx), _ops_note(ctx).splitlines()[0])))))
    sql = enc_xml(str(ctx.slot("xml", "changeSet.sql", "\n".join(_sql_stmt(ctx) for _ in range(ctx.rng.randint(1, 3))))))
    t = ctx.pick(_TABLES)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
            '    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.29.xsd">\n'
            f'  <changeSet id="{ctx.rng.randint(1, 500)}-{ctx.en.slug()}" author="{author}">\n    <comment>{comment}</comment>\n'
            f'    <addColumn tableName="{t}">\n      <column name="{ctx.en.word()}_at" type="timestamptz"/>\n    </addColumn>\n'
            f'    <sql splitStatements="true" stripComments="false">{sql}</sql>\n    <rollback>{enc_xml(f"ALTER TABLE {t} DROP COLUMN IF EXISTS {ctx.en.word()}_at;")}</rollback>\n'
            '  </changeSet>\n</databaseChangeLog>\n')


@template("train", ("/migratehub/",), weight=1.3)
def db_migration_service(ctx: Ctx) -> Request:
    """Database migrations: versioned SQL uploads and raw PUTs, review comments with suggestions, SQL checks, Liquibase XML, approvals, history and schema diffs."""
    kind = ctx.pick(("upload", "upload", "put", "review", "check", "liquibase", "approve", "history", "diff", "rollback", "delete"))
    project = ctx.pick((f"{_app(ctx)}-db", ctx.en.slug(), f"{ctx.en.word()}-{ctx.pick(('core', 'ledger', 'crm'))}"))
    version, desc = ctx.rng.randint(1, 400), f"{ctx.pick(('add', 'drop', 'backfill', 'index', 'create', 'rename'))}_{ctx.en.word()}_{ctx.pick(_TABLES)}"
    if kind == "upload":
        files = [("files[]", f"V{version}__{desc}.sql", ctx.pick(("application/sql", "application/octet-stream", "text/plain")), _migration(ctx, version, desc, "multipart"))]
        if ctx.chance(0.4):
            files.append(("files[]", f"U{version}__{desc}.sql", "application/sql", f"-- undo V{version}\n{_sql_stmt(ctx)}\n"))
        fields = [("description", ctx.pick((desc.replace("_", " "), v.sentence(ctx), _ops_note(ctx)))), ("target_environment", ctx.pick(("staging", "prod", "all"))), ("author", ctx.fake.email())]
        ctype, body = multipart(ctx, fields, files)
        return req("POST", f"/migratehub/api/projects/{seg(ctx, 'project', project)}/migrations", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctype, auth="jwt"), body=body)
    if kind == "put":
        return req("PUT", f"/migratehub/api/projects/{project}/migrations/{seg(ctx, 'file', f'V{version}__{desc}.sql')}",
                   headers_for(ctx, "sdk", content_type=ctx.pick(("application/sql", "text/plain; charset=utf-8")), auth="apikey"), body=_migration(ctx, version, desc, "multipart"))
    if kind == "review":
        body: dict[str, Any] = {"file": f"V{version}__{desc}.sql", "line": ctx.rng.randint(1, 60), "side": "RIGHT",
                                "body": j(ctx, "body", ctx.pick((f"This locks `{ctx.pick(_TABLES)}` for the whole backfill -- can we batch it?\n\n```sql\n{_sql_stmt(ctx)}\n```",
                                                                 f"Use `CREATE INDEX CONCURRENTLY` here; {v.sentence(ctx)}", _ops_note(ctx), user_note(ctx))))}
        if ctx.chance(0.5):
            body["suggestion"] = j(ctx, "suggestion", _sql_stmt(ctx))
        return req("POST", f"/migratehub/api/projects/{project}/reviews/{seg(ctx, 'review', str(rid(ctx)))}/comments", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "check":
        body = {"engine": ctx.pick(("POSTGRES", "MYSQL", "MARIADB", "SQLSERVER")), "database": j(ctx, "database", ctx.pick((project.replace("-", "_"), ctx.en.word()))),
                "statement": j(ctx, "statement", "\n".join(_sql_stmt(ctx) for _ in range(ctx.rng.randint(1, 3)))), "rules": ctx.rng.sample(["no-select-star", "require-concurrent-index",
                                                                                                                                          "no-drop-column", "require-where", "naming-idx"], 2)}
        return req("POST", "/migratehub/api/v1/sql/check", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "liquibase":
        return req("POST", f"/migratehub/api/projects/{project}/changelogs", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml")), auth="apikey"), body=_changelog_xml(ctx))
    if kind == "approve":
        fields = [("_csrf", v.alnum_token(ctx, 36)), ("decision", ctx.pick(("approve", "request_changes", "reject"))), ("comment", ctx.pick(("LGTM", _ops_note(ctx), v.prose(ctx, 1, 2)))),
                  ("run_at", ctx.pick(("now", "next_window", v.iso_datetime(ctx))))]
        path = f"/migratehub/projects/{project}/reviews/{rid(ctx)}/decision"
        return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx), referer=v.site(ctx) + path, cookies=True),
                   body=form(ctx, fields, fixed=("_csrf", "decision")))
    if kind == "history":
        pairs = [("environment", ctx.pick(("prod", "staging"))), ("status", ctx.pick(("success", "failed", "pending"))), ("q", ctx.pick(("", desc, ctx.pick(_TABLES), "DROP", "index")))]
        return req("GET", f"/migratehub/api/projects/{seg(ctx, 'project', project)}/history", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("status",)))
    if kind == "diff":
        pairs = [("from", f"V{version}"), ("to", f"V{version + ctx.rng.randint(1, 9)}"), ("schema", ctx.pick(("public", "billing", "dbo"))), ("format", ctx.pick(("sql", "json", "html")))]
        return req("GET", f"/migratehub/api/projects/{seg(ctx, 'project', project)}/schema/diff", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs, fixed=("format",)))
    if kind == "rollback":
        body = {"target_version": str(version), "reason": j(ctx, "reason", _ops_note(ctx)), "dry_run": ctx.chance(0.5)}
        return req("PATCH", f"/migratehub/api/projects/{project}/environments/{ctx.pick(('prod', 'staging'))}", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    return req("DELETE", f"/migratehub/api/projects/{project}/migrations/{seg(ctx, 'file', f'V{version}__{desc}.sql')}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# 8. Access / bastion manager: SSH certificates, roles with allowed commands, access requests, session recordings
# --------------------------------------------------------------------------

_ROLE_VARS = ("{{internal.logins}}", "{{external.logins}}", "{{email.local(external.email)}}", "{{internal.kubernetes_groups}}")


def _allowed_command(ctx: Ctx) -> str:
    return ctx.pick(("^sudo systemctl (restart|status|reload) (nginx|php8\\.3-fpm)$", "^/usr/bin/journalctl -u [a-z0-9@.-]+ --since .*$", "^tail -[fn] ?[0-9]* /var/log/[a-z/._-]+$",
                     "^docker (ps|logs|stats)( .*)?$", "^kubectl -n (staging|qa) (get|describe|logs) .*", "^psql -h [a-z0-9.-]+ -U readonly -d [a-z_]+$",
                     "^(ls|df|du|free|uptime|top -bn1)( .*)?$", "^/opt/[a-z-]+/bin/healthcheck\\.sh$"))


def _role_yaml(ctx: Ctx, name: str) -> str:
    desc = _yq(str(ctx.slot("multipart", "metadata.description", ctx.pick((v.sentence(ctx), f"On-call access for {ctx.en.word()} -- approved by {v.full_name(ctx)}", _ops_note(ctx).splitlines()[0])))))
    sudoers = ctx.pick(("ALL=(ALL) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/journalctl -u *", "ALL=(root) NOPASSWD: /usr/local/bin/deploy.sh",
                        "%ops ALL=(postgres) NOPASSWD: /usr/bin/psql", "ALL=(ALL) /usr/bin/apt-get update, /usr/bin/apt-get upgrade -y"))
    commands = "\n".join(f"      - {_yq(_allowed_command(ctx))}" for _ in range(ctx.rng.randint(1, 4)))
    return (f"kind: role\nversion: v7\nmetadata:\n  name: {name}\n  description: {desc}\nspec:\n  options:\n"
            f"    max_session_ttl: {ctx.pick(('1h0m0s', '8h0m0s', '30m0s'))}\n    forward_agent: false\n    record_session:\n      ssh: best_effort\n      desktop: true\n"
            f"  allow:\n    logins: ['{ctx.pick(_ROLE_VARS)}', {_login(ctx)}, deploy]\n    node_labels:\n      'env': ['staging', '{ctx.pick(('prod', 'qa'))}']\n"
            f"      'team': '{{{{external.team}}}}'\n    host_sudoers:\n      - {_yq(sudoers)}\n    allowed_commands:\n{commands}\n"
            f"    rules:\n      - resources: [session]\n        verbs: [list, read]\n        where: 'contains(session.participants, user.metadata.name)'\n  deny:\n    logins: [root]\n")


def _asciicast(ctx: Ctx) -> str:
    """A session recording in asciicast v2 (one JSON document per line); one typed command is a JSON slot."""
    login, host = _login(ctx), _host(ctx).split(".")[0]
    prompt = f"{login}@{host}:~$ "
    header = {"version": 2, "width": ctx.pick((80, 120, 190)), "height": ctx.pick((24, 40, 50)), "timestamp": ctx.rng.randrange(1_700_000_000, 1_760_000_000),
              "env": {"SHELL": "/bin/bash", "TERM": "xterm-256color"}, "title": f"{login}@{host}"}
    events: list[list[Any]] = []
    t = 0.0
    for i in range(ctx.rng.randint(1, 4)):
        t += ctx.rng.uniform(0.2, 4)
        events.append([round(t, 6), "o", prompt])
        cmd = _shell_ops(ctx)
        t += ctx.rng.uniform(0.5, 9)
        events.append([round(t, 6), "i", (j(ctx, f"events[{i}].input", cmd) if i == 0 else cmd) + "\r"])
        t += ctx.rng.uniform(0.01, 2)
        events.append([round(t, 6), "o", ctx.pick((f"total {ctx.rng.randint(8, 96)}\r\ndrwxr-xr-x 2 root root 4096 {v.iso_date(ctx)} conf.d\r\n-rw-r--r-- 1 root root 1482 {v.iso_date(ctx)} nginx.conf\r\n",
                                                   "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\r\n", f"{v.sentence(ctx)}\r\n", "\u001b[32mactive (running)\u001b[0m\r\n"))])
    return "\n".join(json.dumps(x, ensure_ascii=ctx.json_ascii, separators=(", ", ": ") if ctx.chance(0.5) else (",", ":")) for x in [header, *events]) + "\n"


@template("train", ("/bastion/",), weight=1.3)
def bastion_access(ctx: Ctx) -> Request:
    """Access/bastion manager: SSH certificate signing, roles (YAML) with allowed commands and sudoers, access requests and reviews, session events and asciicast recordings, audit search."""
    kind = ctx.pick(("sign", "sign", "role", "request", "review", "events", "recording", "audit", "policy", "login", "revoke"))
    sid = ctx.fake.uuid4()
    if kind == "sign":
        body: dict[str, Any] = {"public_key": j(ctx, "public_key", _ssh_pubkey(ctx)), "valid_principals": [j(ctx, "valid_principals[0]", _login(ctx)), "deploy"],
                                "ttl": ctx.pick(("1h", "8h", "30m", "24h")), "cert_type": ctx.pick(("user", "user", "host")), "key_id": j(ctx, "key_id", ctx.fake.email())}
        if ctx.chance(0.5):
            body["critical_options"] = {"force-command": j(ctx, "critical_options.force-command", ctx.pick(("/usr/local/bin/backup-wrapper --readonly", "/usr/bin/rrsync -ro /srv/exports/",
                                                                                                            "internal-sftp", f"/opt/{_app(ctx)}/bin/healthcheck.sh", _shell_ops(ctx)))),
                                        "source-address": j(ctx, "critical_options.source-address", f"{_cidr(ctx)},{_cidr(ctx)}")}
        body["extensions"] = {e: "" for e in ctx.rng.sample(["permit-pty", "permit-port-forwarding", "permit-agent-forwarding", "permit-X11-forwarding", "permit-user-rc"], ctx.rng.randint(1, 3))}
        return req("POST", f"/bastion/v1/ssh/{ctx.pick(('sign', 'issue'))}/{seg(ctx, 'role', ctx.pick(('oncall', 'dev', 'dba', ctx.en.word())))}",
                   headers_for(ctx, ctx.pick(("sdk", "sdk", "xhr")), content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "role":
        name = f"{ctx.en.word()}-{ctx.pick(('oncall', 'readonly', 'dba', 'deployer'))}"
        return req("PUT", f"/bastion/v1/roles/{seg(ctx, 'role', name)}", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/yaml", auth="jwt"),
                   body=_role_yaml(ctx, name))
    if kind == "request":
        body = {"roles": ctx.rng.sample(["oncall", "dba", "prod-readonly", "deployer", "k8s-admin"], ctx.rng.randint(1, 2)),
                "resources": [{"kind": "node", "name": j(ctx, "resources[0].name", _host(ctx))}], "reason": j(ctx, "reason", _ops_note(ctx)),
                "suggested_reviewers": [j(ctx, "suggested_reviewers[0]", ctx.fake.email())], "max_duration": ctx.pick(("1h", "4h", "8h")), "dry_run": False}
        return req("POST", "/bastion/v1/access-requests", site_headers(ctx, ctx.pick(("xhr", "sdk")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "review":
        fields = [("csrf_token", v.alnum_token(ctx, 43)), ("state", ctx.pick(("APPROVED", "DENIED"))), ("reason", ctx.pick(("ok for the incident window", _ops_note(ctx), v.prose(ctx, 1, 2)))),
                  ("assume_start_time", v.iso_datetime(ctx))]
        path = f"/bastion/web/requests/{sid}/review"
        return req("POST", path, headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx), referer=v.site(ctx) + path, cookies=True),
                   body=form(ctx, fields, fixed=("csrf_token", "state")))
    if kind == "events":  # the proxy streams audit events of a live session
        events = []
        for i in range(ctx.rng.randint(1, 4)):
            cmd = _shell_ops(ctx)
            events.append({"event": ctx.pick(("session.command", "exec", "session.command")), "code": "T4000I", "time": v.iso_datetime(ctx), "sid": sid, "user": ctx.fake.email(),
                           "login": _login(ctx), "server_hostname": _host(ctx), "addr.remote": f"{_ip(ctx)}:{ctx.rng.randint(30000, 65000)}",
                           "command": j(ctx, f"[{i}].command", cmd), "path": ctx.pick(("/usr/bin/sudo", "/usr/bin/tail", "/bin/bash", "/usr/bin/docker")), "return_code": ctx.pick((0, 0, 1, 127))})
        return req("POST", f"/bastion/v1/sessions/{seg(ctx, 'session', sid)}/events", headers_for(ctx, "sdk", content_type="application/json", auth="jwt",
                                                                                                   extra=(("X-Bastion-Node", header_slot(ctx, "X-Bastion-Node", _host(ctx))),)), body=dumps(ctx, events))
    if kind == "recording":
        return req("PUT", f"/bastion/v1/sessions/{seg(ctx, 'session', sid)}/recording", headers_for(ctx, "sdk", content_type="application/x-asciicast", auth="jwt"), body=_asciicast(ctx))
    if kind == "audit":
        pairs = [("query", ctx.pick((f'command:"sudo systemctl restart {ctx.pick(_UNITS)}"', f"user:{ctx.en.user_name()} AND login:root", f"server_hostname:{_host(ctx)}",
                                     "command:*tail -f /var/log*", v.search_terms(ctx)))), ("from", v.iso_datetime(ctx)), ("event_type", ctx.pick(("session.command", "session.start", "cert.create")))]
        q = qs(ctx, pairs, fixed=("event_type",))
        if ctx.chance(0.5):
            q += "&" + json_param(ctx, "filter", {"login": {"in": [ctx.slot("json_query", "filter.login.in[0]", _login(ctx))]},
                                                   "command": {"contains": ctx.slot("json_query", "filter.command.contains", ctx.pick(("rm -rf /var/cache/", "| grep", "sudo", "> /dev/null")))}})
        return req("GET", "/bastion/v1/audit/events", headers_for(ctx, "xhr", auth="jwt"), q)
    if kind == "policy":
        body = {"host": j(ctx, "host", _host(ctx)), "allowed_commands": [j(ctx, f"allowed_commands[{i}]", _allowed_command(ctx)) for i in range(ctx.rng.randint(1, 4))],
                "denied_commands": ["^rm -rf /( |$)", "^(shutdown|reboot|halt)\\b", "^chmod -R 777 "], "require_reason": ctx.chance(0.7),
                "notes": j(ctx, "notes", ctx.pick(("", v.sentence(ctx), _ops_note(ctx))))}
        return req("PUT", f"/bastion/v1/hosts/{seg(ctx, 'host', _host(ctx))}/policy", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "login":
        fields = [("username", ctx.pick((ctx.fake.email(), ctx.en.user_name()))), ("password", ctx.fake.password(length=ctx.rng.randint(12, 28))), ("otp", f"{ctx.rng.randint(0, 999999):06d}"),
                  ("redirect_uri", ctx.pick(("/bastion/web/cluster/nodes", f"/bastion/web/cluster/console/node/{ctx.fake.uuid4()}/{_login(ctx)}", v.app_path(ctx))))]
        return req("POST", "/bastion/web/login", headers_for(ctx, "nav", content_type="application/x-www-form-urlencoded", origin=v.site(ctx), referer=v.site(ctx) + "/bastion/web/login",
                                                             cookies=ctx.chance(0.5)), body=form(ctx, fields, fixed=("otp",)))
    return req("DELETE", f"/bastion/v1/certs/{seg(ctx, 'serial', str(ctx.rng.randrange(10**9, 10**12)))}", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"))


OPSCONSOLE: tuple[str, ...] = (
    "kube_dashboard", "alert_rules_editor", "edge_proxy_config", "backup_scheduler",
    "server_provisioning", "rmm_script_runner", "db_migration_service", "bastion_access",
)
