"""Held-out templates (holdout4_b): eight apps no model trained on, written blind.

They measure false positives on unseen modern apps. Three carry code as their
users' own content: a dotfiles sync service (shell rc files, gitconfig, ssh
config), a storefront theme editor (Liquid templates, HTML, CSS) and a game
server control panel (console commands, server.properties, plugin YAML, start
scripts). Five are ordinary apps: parcel lockers, a karaoke bar's song queue,
a price-drop tracker, a trip expense splitter and a home inventory. Every
user- or client-controlled value is a slot, so attacks can be placed in them.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from waf_proxy.training import synth_tech
from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_cell, dumps, empty_file, form, header_slot, j, json_param, multipart, nav_form, preflight, qs, req, Request, rid, seg, short_title, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_gql_literal, enc_xml, headers_for

GROUP = "holdout4"


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _remark(ctx: Ctx) -> str:
    """A short remark as people type it in a notes field: prose, a quip with an apostrophe, or nothing much."""
    r = ctx.rng.random()
    if r < 0.45:
        return v.prose(ctx, 1, 2, trap_rate=0.4)
    if r < 0.65:
        return user_note(ctx)
    if r < 0.8:
        return f"{v.full_name(ctx)}'s {ctx.pick(('idea', 'fault', 'turn', 'round', 'call'))} -- {v.sentence(ctx)}"
    return f"{v.sentence(ctx)} {ctx.pick(v._EMOJI)}"


def _uuid(ctx: Ctx) -> str:
    return ctx.fake.uuid4()


# --------------------------------------------------------------------------
# Dotfiles sync: shell rc files, gitconfig, ssh config, editor config (code-carrying)
# --------------------------------------------------------------------------

_ALIASES = (
    ("ll", "ls -alF"), ("la", "ls -A"), ("gs", "git status -sb"), ("gp", "git push"), ("gl", "git log --oneline --graph --decorate -n 20"),
    ("k", "kubectl"), ("kgp", "kubectl get pods -o wide"), ("dcu", "docker compose up -d"), ("dcl", "docker compose logs -f --tail=100"),
    ("py", "python3"), ("venv", "python3 -m venv .venv && source .venv/bin/activate"), ("ports", "lsof -i -P -n | grep LISTEN"),
    ("myip", "curl -s https://ifconfig.me"), ("..", "cd .."), ("...", "cd ../.."), ("update", "sudo apt update && sudo apt upgrade -y"),
    ("brewup", "brew update && brew upgrade && brew cleanup"), ("cat", "bat --paging=never"), ("vim", "nvim"), ("tf", "terraform"),
    ("serve", "python3 -m http.server 8000"), ("du1", "du -h -d 1 | sort -h"), ("please", "sudo $(fc -ln -1)"),
    ("grep", "grep --color=auto"), ("cls", "clear"), ("path", "echo $PATH | tr ':' '\\n'"), ("gco", "git checkout"),
    ("yolo", "git commit --amend --no-edit && git push -f"), ("dps", "docker ps --format 'table {{.Names}}\\t{{.Status}}'"),
)
_FUNCTIONS = (
    'mkcd() { mkdir -p "$1" && cd "$1"; }',
    'gcb() { git checkout -b "${1:?branch name}"; }',
    'killport() { lsof -ti tcp:"$1" | xargs kill -9; }',
    'extract() {\n  case "$1" in\n    *.tar.gz|*.tgz) tar xzf "$1" ;;\n    *.zip) unzip "$1" ;;\n    *) echo "don\'t know how to extract \'$1\'" ;;\n  esac\n}',
    'take() {\n  mkdir -p "$@" && cd "${@:$#}"\n}',
    'fkill() {\n  local pid\n  pid=$(ps -ef | sed 1d | fzf -m | awk \'{print $2}\')\n  [ -n "$pid" ] && echo "$pid" | xargs kill -${1:-9}\n}',
    'backup() { cp -a "$1" "$1.bak.$(date +%Y%m%d-%H%M%S)"; }',
    'weather() { curl -s "wttr.in/${1:-London}?format=3"; }',
)
_INIT_LINES = (
    'eval "$(starship init zsh)"', 'eval "$(direnv hook zsh)"', 'eval "$(zoxide init zsh)"', '[ -s "$NVM_DIR/nvm.sh" ] && \\. "$NVM_DIR/nvm.sh"',
    "source <(kubectl completion zsh)", "[[ -f ~/.zshrc.local ]] && source ~/.zshrc.local", "zstyle ':completion:*' matcher-list 'm:{a-z}={A-Za-z}'",
    "bindkey -e", "setopt HIST_IGNORE_DUPS SHARE_HISTORY", "plugins=(git docker kubectl fzf z)", "autoload -Uz compinit && compinit",
    'if command -v pyenv >/dev/null 2>&1; then eval "$(pyenv init -)"; fi', "[ -f ~/.fzf.zsh ] && source ~/.fzf.zsh",
    'export GPG_TTY=$(tty)', "ulimit -n 4096", 'test -e "${HOME}/.iterm2_shell_integration.zsh" && source "${HOME}/.iterm2_shell_integration.zsh"',
)
_EXPORTS = (
    ("EDITOR", '"nvim"'), ("VISUAL", "code --wait"), ("PATH", '"$HOME/.local/bin:$HOME/go/bin:$PATH"'), ("GOPATH", '"$HOME/go"'),
    ("NVM_DIR", '"$HOME/.nvm"'), ("HISTSIZE", "100000"), ("LANG", "en_US.UTF-8"), ("PAGER", "less -R"),
    ("FZF_DEFAULT_COMMAND", "'fd --type f --hidden --exclude .git'"), ("AWS_PROFILE", "personal"), ("DOCKER_BUILDKIT", "1"),
    ("LESS", "'-R --mouse'"), ("RIPGREP_CONFIG_PATH", '"$HOME/.ripgreprc"'), ("PYTHONDONTWRITEBYTECODE", "1"),
)
_DOTFILES = (".zshrc", ".bashrc", ".gitconfig", ".ssh/config", ".tmux.conf", ".config/nvim/init.lua", ".config/starship.toml", ".aliases", ".vimrc")


def _comment(ctx: Ctx, mark: str = "#") -> str:
    return f"{mark} {ctx.pick((v.sentence(ctx), 'TODO: clean this up', 'stolen from ' + ctx.en.url(), 'work laptop only', v.full_name(ctx) + ' -- ' + v.iso_date(ctx)))}"


def _rc_file(ctx: Ctx, shell: str) -> str:
    lines = [f"# ~/.{shell}rc -- managed by dotsync; edit on {ctx.en.word()}-{ctx.pick(('mbp', 'desktop', 'xps', 'thinkpad'))}"]
    for name, value in ctx.rng.sample(_EXPORTS, ctx.rng.randint(2, 5)):
        lines.append(f"export {name}={value}")
    lines.append("")
    if ctx.chance(0.5):
        lines.append(_comment(ctx))
    for name, cmd in ctx.rng.sample(_ALIASES, ctx.rng.randint(3, 9)):
        lines.append(f"alias {name}='{cmd}'" if "'" not in cmd else f'alias {name}="{cmd}"')
    lines.append("")
    lines += ctx.rng.sample(_FUNCTIONS, ctx.rng.randint(0, 3))
    lines += ctx.rng.sample(_INIT_LINES, ctx.rng.randint(1, 5))
    if ctx.chance(0.3):
        lines.append(f'export PROMPT="%F{{{ctx.pick(("cyan", "green", "magenta"))}}}%~%f %# "')
    return "\n".join(lines) + "\n"


def _gitconfig(ctx: Ctx) -> str:
    name = v.full_name(ctx)
    blocks = [f"[user]\n\tname = {name}\n\temail = {ctx.fake.email()}" + (f"\n\tsigningkey = {v.hex_token(ctx, 16).upper()}" if ctx.chance(0.4) else ""),
              f"[core]\n\teditor = {ctx.pick(('nvim', 'vim', 'code --wait', 'nano'))}\n\tpager = {ctx.pick(('delta', 'less -FRX', 'diff-so-fancy | less --tabs=4 -RFX'))}\n\tautocrlf = input",
              "[alias]\n" + "\n".join(f"\t{k} = {val}" for k, val in ctx.rng.sample((
                  ("lg", "log --graph --pretty=format:'%C(yellow)%h%Creset %s %C(green)(%cr)%Creset' --abbrev-commit"), ("undo", "reset --soft HEAD~1"),
                  ("st", "status -sb"), ("co", "checkout"), ("amend", "commit --amend --no-edit"), ("wip", "!git add -A && git commit -m 'WIP'"),
                  ("unstage", "reset HEAD --"), ("last", "log -1 HEAD --stat"), ("cleanup", "!git branch --merged | grep -v '\\*\\|main' | xargs -n 1 git branch -d"),
                  ("who", "shortlog -sn --no-merges")), ctx.rng.randint(2, 6)))]
    if ctx.chance(0.5):
        blocks.append('[url "git@github.com:"]\n\tinsteadOf = https://github.com/')
    if ctx.chance(0.4):
        blocks.append(f'[includeIf "gitdir:~/work/"]\n\tpath = ~/.gitconfig-{ctx.en.word()}')
    if ctx.chance(0.4):
        blocks.append(f"[pull]\n\trebase = true\n[init]\n\tdefaultBranch = {ctx.pick(('main', 'trunk'))}")
    return "\n".join(blocks) + "\n"


def _ssh_config(ctx: Ctx) -> str:
    blocks = []
    for _ in range(ctx.rng.randint(1, 4)):
        host = ctx.pick((ctx.en.word(), "bastion", "nas", "pi", "*.internal", "gitlab-work", ctx.en.domain_word() + "-prod"))
        lines = [f"Host {host}", f"    HostName {ctx.pick((ctx.fake.ipv4_private(), ctx.en.hostname()))}", f"    User {ctx.pick(('deploy', 'ubuntu', 'pi', ctx.en.user_name()))}"]
        if ctx.chance(0.6):
            lines.append(f"    IdentityFile ~/.ssh/{ctx.pick(('id_ed25519', 'id_rsa', 'work_ed25519'))}")
        if ctx.chance(0.3):
            lines.append("    ProxyJump bastion")
        if ctx.chance(0.3):
            lines.append(f"    LocalForward {ctx.rng.randint(5000, 9999)} localhost:{ctx.pick((5432, 3306, 6379, 8080))}")
        if ctx.chance(0.2):
            lines.append(f"    ProxyCommand ssh -W %h:%p {ctx.en.word()}")
        blocks.append("\n".join(lines))
    blocks.append("Host *\n    AddKeysToAgent yes\n    ServerAliveInterval 60")
    return _comment(ctx) + "\n" + "\n\n".join(blocks) + "\n"


def _tmux_conf(ctx: Ctx) -> str:
    lines = [_comment(ctx), f"set -g prefix C-{ctx.pick('abs')}", "unbind C-b", "set -g mouse on", f"set -g history-limit {ctx.pick((10000, 50000))}",
             "bind | split-window -h -c '#{pane_current_path}'", "bind - split-window -v -c '#{pane_current_path}'",
             "bind r source-file ~/.tmux.conf \\; display 'reloaded!'", f"set -g status-right '#[fg=colour{ctx.rng.randint(1, 255)}]%H:%M %d-%b'"]
    if ctx.chance(0.5):
        lines.append("set -g @plugin 'tmux-plugins/tpm'\nrun '~/.tmux/plugins/tpm/tpm'")
    return "\n".join(lines) + "\n"


def _init_lua(ctx: Ctx) -> str:
    lines = ["-- " + v.sentence(ctx), "vim.g.mapleader = ' '", f"vim.opt.tabstop = {ctx.pick((2, 4))}", "vim.opt.relativenumber = true",
             f"vim.keymap.set('n', '<leader>{ctx.pick('fwgq')}', '<cmd>Telescope find_files<cr>', {{ desc = '{ctx.en.word()}' }})",
             "vim.api.nvim_create_autocmd('BufWritePre', { pattern = '*.go', callback = function() vim.lsp.buf.format() end })"]
    if ctx.chance(0.5):
        lines.append(f"require('lazy').setup({{ '{ctx.pick(('folke/tokyonight.nvim', 'nvim-treesitter/nvim-treesitter', 'tpope/vim-fugitive'))}' }})")
    return "\n".join(lines) + "\n"


def _vimrc(ctx: Ctx) -> str:
    return "\n".join(['" ' + v.sentence(ctx), "set number relativenumber", "syntax on", f"set shiftwidth={ctx.pick((2, 4))} expandtab",
                      "nnoremap <leader>w :w<CR>", "autocmd BufWritePre * :%s/\\s\\+$//e", f"colorscheme {ctx.pick(('gruvbox', 'desert', 'nord'))}"]) + "\n"


def _starship(ctx: Ctx) -> str:
    return (f"# {v.sentence(ctx)}\nformat = \"$directory$git_branch$git_status$python$character\"\n\n[character]\nsuccess_symbol = \"[➜](bold green)\"\n"
            f"error_symbol = \"[✗](bold red)\"\n\n[directory]\ntruncation_length = {ctx.rng.randint(1, 5)}\n")


def _dotfile(ctx: Ctx, path: str) -> str:
    if path in (".zshrc", ".bashrc", ".aliases"):
        return _rc_file(ctx, "zsh" if path != ".bashrc" else "bash")
    return {".gitconfig": _gitconfig, ".ssh/config": _ssh_config, ".tmux.conf": _tmux_conf, ".config/nvim/init.lua": _init_lua,
            ".config/starship.toml": _starship, ".vimrc": _vimrc}[path](ctx)


def _machine(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.first_name().lower()}s-macbook-pro", f"{ctx.en.word()}-desktop", "work-xps13", f"{ctx.en.word()}.local", "raspberrypi", "DESKTOP-" + v.alnum_token(ctx, 7).upper()))


def _cli_headers(ctx: Ctx, content_type: str | None = None, extra: tuple[tuple[str, str], ...] = ()) -> list[list[str]]:
    host = header_slot(ctx, "X-Dotsync-Machine", _machine(ctx))
    return headers_for(ctx, "sdk", content_type=content_type, auth=ctx.pick(("jwt", "apikey")), extra=(("X-Dotsync-Machine", host),) + extra)


@template(GROUP, ("/dotsync/",), weight=1.1)
def dotfiles_sync(ctx: Ctx) -> Request:
    """Dotfiles sync: the CLI pushes rc files as raw text and snapshots as JSON; the web UI lists, diffs, shares snippets, edits machine variables."""
    kind = ctx.pick(("push", "push", "snapshot", "list", "history", "vars", "share", "delete", "preflight"))
    path = ctx.pick(_DOTFILES)
    if kind == "push":
        content = ctx.slot("multipart", "content", _dotfile(ctx, path))
        return req("PUT", f"/dotsync/api/v1/files/{seg(ctx, 'file', path)}", _cli_headers(ctx, "text/plain; charset=utf-8", (("If-Match", f'"{v.hex_token(ctx, 40)}"'),)),
                   qs(ctx, [("mode", ctx.pick(("0644", "0600", "0755"))), ("template", ctx.pick(("false", "true")))], fixed=("mode", "template")), body=content)
    if kind == "snapshot":
        files = []
        for i, p in enumerate(ctx.rng.sample(_DOTFILES, ctx.rng.randint(1, 3))):
            files.append({"path": j(ctx, f"files[{i}].path", "~/" + p), "mode": ctx.pick(("0644", "0600")), "sha256": v.hex_token(ctx, 64),
                          "content": j(ctx, f"files[{i}].content", _dotfile(ctx, p)), "encrypted": p == ".ssh/config"})
        body: dict[str, Any] = {"machine": {"hostname": j(ctx, "machine.hostname", _machine(ctx)), "os": ctx.pick(("darwin", "linux", "windows")),
                                            "arch": ctx.pick(("arm64", "amd64")), "shell": ctx.pick(("/bin/zsh", "/bin/bash", "/usr/bin/fish"))},
                                "message": j(ctx, "message", ctx.pick((v.sentence(ctx), "add k8s aliases", "fix PATH order on the M2", _remark(ctx)))), "files": files}
        return req("POST", "/dotsync/api/v1/snapshots", _cli_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "list":
        pairs: list[tuple[str, Any]] = [("machine", _machine(ctx)), ("prefix", ctx.pick(("~/.config/", "~/", "~/.ssh/", "."))), ("q", ctx.pick(("", "alias", "export PATH", "git lg", v.search_terms(ctx))))]
        return req("GET", "/dotsync/api/v1/files", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), qs(ctx, pairs))
    if kind == "history":
        pairs = [("since", v.iso_datetime(ctx)), ("diff", ctx.pick(("unified", "split"))), ("context", ctx.rng.randint(0, 5))]
        return req("GET", f"/dotsync/api/v1/files/{seg(ctx, 'file', path)}/history", headers_for(ctx, "xhr", auth="jwt", referer=v.site(ctx) + "/dotsync/files"), qs(ctx, pairs, fixed=("diff",)))
    if kind == "vars":  # template data filled into {{ .email }} and friends on each machine
        body = {"data": {"email": j(ctx, "data.email", ctx.fake.email()), "name": j(ctx, "data.name", v.full_name(ctx)),
                         "editor": j(ctx, "data.editor", ctx.pick(("nvim", "code --wait", "emacsclient -t"))),
                         "work": ctx.chance(0.5), "gpgKey": j(ctx, "data.gpgKey", v.hex_token(ctx, 16).upper())},
                "machine": j(ctx, "machine", _machine(ctx))}
        return req("PATCH", "/dotsync/api/v1/config/data", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "share":  # publish a snippet from the web UI
        lang = ctx.pick(("zsh", "bash", "gitconfig", "ssh-config", "lua"))
        snippet = "\n".join(ctx.rng.sample(_FUNCTIONS, 1) + [f"alias {a}='{c}'" for a, c in ctx.rng.sample(_ALIASES, ctx.rng.randint(1, 3)) if "'" not in c]) if lang in ("zsh", "bash") else _dotfile(ctx, ctx.pick((".gitconfig", ".ssh/config", ".config/nvim/init.lua")))
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("snippet[title]", short_title(ctx, ("zsh", "my aliases", "git", "dotfiles"))),
                  ("snippet[language]", lang), ("snippet[body]", snippet), ("snippet[description]", _remark(ctx)), ("snippet[public]", ctx.pick(("0", "1")))]
        return nav_form(ctx, "/dotsync/snippets", "/dotsync/snippets/new", form(ctx, fields, fixed=("authenticity_token", "snippet[language]")))
    if kind == "delete":
        return req("DELETE", f"/dotsync/api/v1/files/{seg(ctx, 'file', path)}", _cli_headers(ctx), qs(ctx, [("machine", _machine(ctx))]))
    return preflight(ctx, "/dotsync/api/v1/config/data", ("PATCH", "PUT"), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Storefront theme editor: Liquid sections, snippets, CSS, locale files (code-carrying)
# --------------------------------------------------------------------------

_SECTIONS = ("hero-banner", "featured-collection", "testimonials", "image-with-text", "newsletter", "product-grid", "announcement-bar", "faq", "footer", "main-product")


def _schema(ctx: Ctx, name: str) -> str:
    settings = [f'{{"type": "text", "id": "heading", "label": "Heading", "default": "{ctx.en.catch_phrase()}"}}',
                f'{{"type": "range", "id": "products_to_show", "min": 2, "max": 12, "step": 1, "default": {ctx.rng.randint(2, 8)}, "label": "Products"}}',
                '{"type": "checkbox", "id": "show_vendor", "label": "Show vendor", "default": false}',
                '{"type": "image_picker", "id": "image", "label": "Image"}',
                f'{{"type": "select", "id": "layout", "options": [{{"value": "grid", "label": "Grid"}}, {{"value": "slider", "label": "Slider"}}], "default": "{ctx.pick(("grid", "slider"))}", "label": "Layout"}}']
    picked = ctx.rng.sample(settings, ctx.rng.randint(1, 4))
    return ("{% schema %}\n{\n  \"name\": \"" + name.replace("-", " ").title() + "\",\n  \"settings\": [\n    " + ",\n    ".join(picked)
            + "\n  ],\n  \"presets\": [{\"name\": \"" + name.replace("-", " ").title() + "\"}]\n}\n{% endschema %}")


def _liquid_section(ctx: Ctx, name: str) -> str:
    word = ctx.en.word()
    parts = [f"{{{{ 'section-{name}.css' | asset_url | stylesheet_tag }}}}", f'<div class="{name} page-width" id="{name}-{{{{ section.id }}}}">']
    pool = (
        "  <h2 class=\"title\">{{ section.settings.heading | escape }}</h2>",
        "  {%- for product in section.settings.collection.products limit: section.settings.products_to_show -%}\n    {% render 'card-product', card_product: product, show_vendor: section.settings.show_vendor %}\n  {%- else -%}\n    <p>{{ 'sections.featured_collection.empty' | t }}</p>\n  {%- endfor -%}",
        "  {% if customer %}\n    <p>Welcome back, {{ customer.first_name | default: 'friend' }}!</p>\n  {% else %}\n    <a href=\"{{ routes.account_login_url }}\">Log in</a>\n  {% endif %}",
        "  <img src=\"{{ section.settings.image | image_url: width: 1200 }}\" alt=\"{{ section.settings.image.alt | escape }}\" loading=\"lazy\" width=\"1200\" height=\"{{ 1200 | divided_by: section.settings.image.aspect_ratio | round }}\">",
        "  {%- liquid\n    assign on_sale = false\n    if product.compare_at_price > product.price\n      assign on_sale = true\n    endif\n  -%}\n  {% if on_sale %}<span class=\"badge badge--sale\">-{{ product.compare_at_price | minus: product.price | times: 100 | divided_by: product.compare_at_price }}%</span>{% endif %}",
        "  {% form 'customer', class: 'newsletter-form' %}\n    <input type=\"email\" name=\"contact[email]\" placeholder=\"{{ 'newsletter.label' | t }}\" required>\n    <button type=\"submit\">{{ 'newsletter.button' | t }}</button>\n  {% endform %}",
        "  {% for block in section.blocks %}\n    <details {{ block.shopify_attributes }}>\n      <summary>{{ block.settings.question }}</summary>\n      {{ block.settings.answer }}\n    </details>\n  {% endfor %}",
        f"  {{% comment %}} {v.sentence(ctx)} {{% endcomment %}}",
        f"  <p class=\"{word}\">{{{{ cart.item_count }}}} {{{{ 'general.cart.items' | t: count: cart.item_count }}}} &middot; {{{{ cart.total_price | money_with_currency }}}}</p>",
        "  <script src=\"{{ 'slider.js' | asset_url }}\" defer=\"defer\"></script>",
        f"  <p>{escape(v.sentence(ctx))}</p>",
    )
    parts += ctx.rng.sample(pool, ctx.rng.randint(2, 5))
    parts.append("</div>")
    if ctx.chance(0.7):
        parts.append(_schema(ctx, name))
    return "\n".join(parts) + "\n"


def _css(ctx: Ctx) -> str:
    rules = []
    for _ in range(ctx.rng.randint(2, 6)):
        sel = ctx.pick((".card__heading", ".badge--sale", ".header > .menu a:hover", ".product-form__submit", "@media (max-width: 749px) { .grid", ".price--on-sale .price-item--regular", ":root"))
        decl = ctx.pick((f"color: #{v.hex_token(ctx, 6)};", f"font-weight: {ctx.pick((400, 600, 700))};", f"padding: {ctx.rng.randint(0, 40)}px {ctx.rng.randint(0, 40)}px;",
                         "text-decoration: line-through;", f"--color-accent: {ctx.rng.randint(0, 255)}, {ctx.rng.randint(0, 255)}, {ctx.rng.randint(0, 255)};",
                         "grid-template-columns: repeat(2, minmax(0, 1fr));", f"content: \"{ctx.pick(('★', '→', '✓'))}\";"))
        rules.append(f"{sel} {{ {decl} }}" + (" }" if sel.startswith("@media") else ""))
    return f"/* {v.sentence(ctx)} */\n" + "\n".join(rules) + "\n"


def _theme_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    if ctx.chance(0.5):  # the CLI with an access token
        return headers_for(ctx, "sdk", content_type=content_type, extra=(("X-Themeforge-Access-Token", "tfat_" + v.hex_token(ctx, 32)),))
    return site_headers(ctx, "xhr", content_type, cookies=True)


@template(GROUP, ("/themeforge/",), weight=1.2)
def storefront_theme_editor(ctx: Ctx) -> Request:
    """Storefront theme editor: Liquid/CSS assets as JSON, the code editor's form, section settings from the visual editor, locale strings, previews."""
    kind = ctx.pick(("asset_put", "asset_put", "asset_get", "editor_form", "sections", "locale", "upload", "preview", "delete"))
    theme = ctx.rng.randrange(100000000, 199999999)
    base = f"/themeforge/admin/api/2025-01/themes/{theme}/assets.json"
    if kind == "asset_put":
        if ctx.chance(0.7):
            name = ctx.pick(_SECTIONS)
            key, value = f"sections/{name}.liquid", _liquid_section(ctx, name)
        else:
            key, value = f"assets/{ctx.pick(('base', 'custom', 'component-card', 'section-' + ctx.pick(_SECTIONS)))}.css", _css(ctx)
        body = {"asset": {"key": j(ctx, "asset.key", key), "value": j(ctx, "asset.value", value)}}
        return req("PUT", base, _theme_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "asset_get":
        key = ctx.pick(("templates/product.json", "layout/theme.liquid", f"sections/{ctx.pick(_SECTIONS)}.liquid", "config/settings_data.json", "locales/en.default.json"))
        return req("GET", base, _theme_headers(ctx), qs(ctx, [("asset[key]", key), ("fields", ctx.pick(("key,value", "key,updated_at")))]))
    if kind == "editor_form":  # the in-browser code editor saves through a Rails form
        name = ctx.pick(("price", "card-product", "icon-cart", "social-links", "breadcrumbs"))
        code = ctx.pick((_liquid_section(ctx, name), f"{{% comment %}} Renders a price. Accepts: product {{% endcomment %}}\n{{%- if product.price_varies -%}}{{{{ 'products.from' | t }}}} {{%- endif -%}} {{{{ product.price | money }}}}\n"))
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("_method", "patch"), ("theme_asset[key]", f"snippets/{name}.liquid"), ("theme_asset[value]", code),
                  ("theme_asset[checksum]", v.hex_token(ctx, 32))]
        path = f"/themeforge/admin/themes/{theme}/assets"
        return nav_form(ctx, path, f"/themeforge/admin/themes/{theme}/editor", form(ctx, fields, fixed=("authenticity_token", "_method", "theme_asset[checksum]")))
    if kind == "sections":  # the visual editor saves a template's section settings (rich text carries harmless HTML)
        sections: dict[str, Any] = {}
        for i in range(ctx.rng.randint(1, 3)):
            sid = f"{ctx.pick(_SECTIONS)}_{v.alnum_token(ctx, 6).lower()}"
            blocks = {f"text_{v.alnum_token(ctx, 6).lower()}": {"type": "text", "settings": {"text": j(ctx, f"sections[{i}].block.text", f"<p>{ctx.pick(('Free shipping over $50 &amp; easy returns', 'Rated 4.8/5 by 2,000+ customers', v.sentence(ctx)))}</p>")}}}
            sections[sid] = {"type": sid.rsplit("_", 1)[0], "settings": {"heading": j(ctx, f"sections[{i}].heading", ctx.pick((ctx.en.catch_phrase(), short_title(ctx, ("new in", "sale", "bestsellers"))))),
                                                                          "button_link": j(ctx, f"sections[{i}].button_link", ctx.pick(("shopify://collections/" + ctx.en.slug(), "/collections/all?sort_by=best-selling", v.app_path(ctx)))),
                                                                          "products_to_show": ctx.rng.randint(2, 12)}, "blocks": blocks, "block_order": list(blocks)}
        body = {"sections": sections, "order": list(sections)}
        return req("PUT", f"/themeforge/editor/api/themes/{theme}/templates/{seg(ctx, 'template', ctx.pick(('index', 'product', 'collection', 'page.about')))}", site_headers(ctx, "xhr", "application/json", cookies=True), body=dumps(ctx, body))
    if kind == "locale":  # a locale file: JSON text inside the asset's JSON, one value
        strings = {"general": {"cart": {"items": {"one": "{{ count }} item", "other": ctx.pick(("{{ count }} items", "{{ count }} articles", "{{ count }} Artikel"))}},
                               "newsletter": {"label": ctx.pick(("Your e-mail", "Votre adresse e-mail", "Deine E-Mail-Adresse")), "button": ctx.pick(("Subscribe", "S'abonner", "Abonnieren"))}},
                   "products": {"from": ctx.pick(("From {{ price }}", "À partir de {{ price }}", "Ab {{ price }}")), "sold_out": ctx.pick(("Sold out", "Épuisé", "Ausverkauft", "売り切れ")),
                                "tagline": v.sentence(ctx)}}
        loc = ctx.pick(("fr", "de", "es", "ja", "en.default"))
        body = {"asset": {"key": f"locales/{loc}.json", "value": j(ctx, "asset.value", json.dumps(strings, ensure_ascii=False, indent=2))}}
        return req("PUT", base, _theme_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "upload":  # drag-and-drop of a CSS or SVG asset
        if ctx.chance(0.5):
            fname, ctype, content = f"{ctx.en.word()}.css", "text/css", ctx.slot("multipart", "file.css", _css(ctx))
        else:
            fname, ctype, content = f"icon-{ctx.en.word()}.svg", "image/svg+xml", ctx.slot("multipart", "file.svg", synth_tech.svg_image(ctx))
        ctype_h, body2 = multipart(ctx, [("key", f"assets/{fname}"), ("theme_id", str(theme))], [("file", fname, ctype, content)])
        return req("POST", f"/themeforge/admin/themes/{theme}/assets/upload", site_headers(ctx, "xhr", ctype_h, cookies=True), body=body2)
    if kind == "preview":
        pairs = [("preview_theme_id", theme), ("section_id", ctx.pick(_SECTIONS)), ("q", ctx.pick(("", v.search_terms(ctx)))), ("variant", rid(ctx))]
        return req("GET", f"/themeforge/preview/{seg(ctx, 'handle', ctx.pick(('products/' + ctx.en.slug(), 'collections/all', 'pages/about-us', 'search')))}", headers_for(ctx, "nav", cookies=True), qs(ctx, pairs, fixed=("preview_theme_id",)))
    return req("DELETE", base, _theme_headers(ctx), qs(ctx, [("asset[key]", f"sections/{ctx.pick(_SECTIONS)}-old.liquid")]))


# --------------------------------------------------------------------------
# Game server control panel: console commands, config files, schedules (code-carrying)
# --------------------------------------------------------------------------

_PLAYERS = ("Notch_fan", "xXCreeperXx", "BlockyMcBlockface", "steve2011", "Dinnerbone", "lil_miner", "Sk8rBoi", "EnderQueen", "redstone_rob", "MaddieB")


def _player(ctx: Ctx) -> str:
    return ctx.pick(_PLAYERS) if ctx.chance(0.5) else (ctx.en.user_name().replace(".", "_") + str(ctx.rng.randint(0, 99)))[:16]


_ENCHANTS = ("sharpness", "efficiency", "unbreaking", "mending", "fortune", "looting", "protection", "silk_touch", "feather_falling")


def _mc_give(ctx: Ctx, player: str) -> str:
    """A give command, often with enchantment NBT (`{Enchantments:[{id:...,lvl:5}]}`)."""
    item = ctx.pick(("diamond_sword", "netherite_pickaxe", "elytra", "cooked_beef", "torch", "diamond_pickaxe", "bow", "shield"))
    target = ctx.pick(("@p", player, f"@a[team={ctx.pick(('red', 'blue'))}]"))
    if ctx.chance(0.5):
        enchants = ",".join(f'{{id:"minecraft:{e}",lvl:{ctx.rng.randint(1, 5)}}}' for e in ctx.rng.sample(_ENCHANTS, ctx.rng.randint(1, 3)))
        return f"give {target} minecraft:{item}{{Enchantments:[{enchants}]}} 1"
    return f"give {target} minecraft:{item} {ctx.rng.randint(1, 64)}"


def _mc_command(ctx: Ctx) -> str:
    p = _player(ctx)
    x, y, z = ctx.rng.randint(-3000, 3000), ctx.rng.randint(-60, 250), ctx.rng.randint(-3000, 3000)
    return ctx.pick((
        f"say {ctx.pick(('Server restarting in 5 minutes -- grab your stuff!', 'Backup done :)', 'Happy birthday ' + p + '!!', v.sentence(ctx)))}",
        f"whitelist add {p}", f"whitelist remove {p}", f"op {p}", f"deop {p}", f"kick {p} {ctx.pick(('Stop breaking the spawn, please', 'AFK > 30 min', 'relog to fix the ghost block'))}",
        f"tp {p} {x} {y} {z}", f"tp @a[name={p}] ~ ~10 ~", _mc_give(ctx, p), _mc_give(ctx, p),
        f"gamerule {ctx.pick(('keepInventory', 'doDaylightCycle', 'doFireTick', 'mobGriefing'))} {ctx.pick(('true', 'false'))}", f"time set {ctx.pick(('day', 'night', 'noon', '1000'))}",
        f"weather {ctx.pick(('clear', 'rain', 'thunder'))} {ctx.rng.randint(60, 6000)}", "save-all flush", "list uuids", f"difficulty {ctx.pick(('peaceful', 'easy', 'normal', 'hard'))}",
        "execute as @a at @s run particle minecraft:heart ~ ~2 ~ 0.5 0.5 0.5 0 5", f"scoreboard players set {p} deaths 0",
        f"tellraw @a {{\"text\":\"{ctx.pick(('Event starts at 8pm!', 'Vote for the map >> /vote', v.sentence(ctx)))}\",\"color\":\"gold\"}}",
        f"ban {p} {ctx.pick(('x-ray', 'griefing the village', 'spam in chat'))}", f"worldborder set {ctx.rng.randint(1000, 20000)}", "plugins", "tps",
        f"lp user {p} parent add {ctx.pick(('vip', 'builder', 'mod'))}", f"broadcast {v.sentence(ctx)}",
    ))


def _server_properties(ctx: Ctx) -> str:
    motd = ctx.pick((f"\\u00a76Welcome to {ctx.fake.first_name()}'s SMP \\u00a7r-- be nice!", f"{ctx.en.word().title()} Survival | 1.21 | whitelist only", v.sentence(ctx)))
    lines = [f"#Minecraft server properties\n#{v.when(ctx):%a %b %d %H:%M:%S UTC %Y}", f"motd={motd}", f"max-players={ctx.rng.randint(5, 100)}",
             f"difficulty={ctx.pick(('easy', 'normal', 'hard'))}", f"gamemode={ctx.pick(('survival', 'creative', 'adventure'))}", f"level-name={ctx.pick(('world', ctx.en.word()))}",
             f"level-seed={ctx.pick(('', str(ctx.rng.randrange(-2**62, 2**62))))}", f"view-distance={ctx.rng.randint(6, 16)}", "white-list=true", "enforce-secure-profile=true",
             f"server-port={ctx.pick((25565, 25566, 25600))}", f"spawn-protection={ctx.rng.randint(0, 32)}", "online-mode=true", f"pvp={ctx.pick(('true', 'false'))}"]
    return "\n".join(lines) + "\n"


def _plugin_yaml(ctx: Ctx) -> str:
    return (f"# EssentialsX -- {v.sentence(ctx)}\nnickname-prefix: '~'\nmax-nick-length: 16\nchat:\n  format: '<{{DISPLAYNAME}}> {{MESSAGE}}'\n  radius: 0\n"
            f"newbies:\n  announce-format: '&dWelcome {{DISPLAYNAME}} to the server!'\n  kit: {ctx.pick(('starter', 'tools', 'none'))}\n"
            f"motd:\n  - '&6Hi {{PLAYER}}, {ctx.pick(('rules at /rules', 'discord: discord.gg/' + v.alnum_token(ctx, 8), v.sentence(ctx)))}'\n"
            f"homes:\n  sethome-multiple:\n    default: {ctx.rng.randint(1, 5)}\n    vip: {ctx.rng.randint(5, 20)}\n")


def _start_script(ctx: Ctx) -> str:
    mem = ctx.rng.randint(2, 16)
    jar = ctx.pick(("paper-1.21.4-" + str(ctx.rng.randint(100, 230)) + ".jar", "server.jar", "fabric-server-launch.jar", "forge-1.20.1.jar"))
    return (f"#!/bin/bash\n# {v.sentence(ctx)}\ncd \"$(dirname \"$0\")\"\nwhile true; do\n  java -Xms{mem}G -Xmx{mem}G -XX:+UseG1GC -XX:+ParallelRefProcEnabled "
            f"-XX:MaxGCPauseMillis=200 -jar {jar} nogui\n  echo \"Server stopped -- restarting in 10s (Ctrl+C to quit)\"\n  sleep 10\ndone\n")


def _mcfunction(ctx: Ctx) -> str:
    lines = [f"# {v.sentence(ctx)}"] + [_mc_command(ctx) for _ in range(ctx.rng.randint(2, 7))]
    return "\n".join(lines) + "\n"


_GAME_FILES = (("/server.properties", _server_properties), ("/plugins/Essentials/config.yml", _plugin_yaml), ("/start.sh", _start_script),
               ("/world/datapacks/events/data/events/function/tick.mcfunction", _mcfunction))


def _panel_headers(ctx: Ctx, content_type: str | None = None) -> list[list[str]]:
    if ctx.chance(0.4):  # a client API key from a bot or script
        return headers_for(ctx, "sdk", content_type=content_type, extra=(("Authorization", "Bearer ptlc_" + v.alnum_token(ctx, 43)),))
    return site_headers(ctx, "xhr", content_type, cookies=True, extra=(("X-XSRF-TOKEN", v.b64url(ctx.rng.randbytes(40))),))


@template(GROUP, ("/gsp-panel/",), weight=1.2)
def game_server_panel(ctx: Ctx) -> Request:
    """Game server panel: console commands, raw file writes (server.properties, plugin YAML, start.sh, datapacks), schedules, startup variables, file ops."""
    kind = ctx.pick(("command", "command", "command", "write", "write", "write", "schedule", "startup", "files", "rename", "delete", "power", "backup_delete"))
    server = v.hex_token(ctx, 8)
    base = f"/gsp-panel/api/client/servers/{server}"
    if kind == "command":
        return req("POST", f"{base}/command", _panel_headers(ctx, "application/json"), body=dumps(ctx, {"command": j(ctx, "command", _mc_command(ctx))}))
    if kind == "write":
        name, build = ctx.pick(_GAME_FILES)
        content = ctx.slot("multipart", "content", build(ctx))
        return req("POST", f"{base}/files/write", _panel_headers(ctx, "text/plain"), qs(ctx, [("file", name)]), body=content)
    if kind == "schedule":
        tasks = [{"action": "command", "payload": j(ctx, "tasks[0].payload", _mc_command(ctx)), "time_offset": 0},
                 {"action": ctx.pick(("backup", "power")), "payload": ctx.pick(("", "restart")), "time_offset": ctx.rng.randint(30, 600)}]
        body = {"name": j(ctx, "name", ctx.pick(("Nightly restart", "Hourly save", f"{ctx.en.word().title()} event warning", short_title(ctx, ("restart", "backup"))))),
                "minute": j(ctx, "minute", ctx.pick(("0", "*/15", "30"))), "hour": j(ctx, "hour", ctx.pick(("4", "*", "*/6"))), "day_of_month": "*", "month": "*",
                "day_of_week": ctx.pick(("*", "1-5", "0,6")), "is_active": ctx.chance(0.8), "only_when_online": ctx.chance(0.5), "tasks": tasks}
        return req("POST", f"{base}/schedules", _panel_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "startup":
        key, value = ctx.pick((("SERVER_JARFILE", "paper-1.21.4.jar"), ("MAX_MEMORY", str(ctx.rng.randint(2048, 16384))), ("MINECRAFT_VERSION", "1.21.4"),
                               ("JAVA_FLAGS", "-XX:+UseG1GC -XX:MaxGCPauseMillis=200 -Dterminal.jline=false"), ("WORLD_NAME", ctx.en.word())))
        return req("PUT", f"{base}/startup/variable", _panel_headers(ctx, "application/json"), body=dumps(ctx, {"key": key, "value": j(ctx, "value", value)}))
    if kind == "files":
        return req("GET", f"{base}/files/list", _panel_headers(ctx), qs(ctx, [("directory", ctx.pick(("/", "/plugins", "/world/datapacks", "/logs", "/plugins/Essentials/userdata")))]))
    if kind == "rename":
        old = ctx.pick(("world_nether", "plugins/old-" + ctx.en.word() + ".jar", "logs/latest.log", "server.properties"))
        body = {"root": j(ctx, "root", ctx.pick(("/", "/plugins", "/world"))), "files": [{"from": j(ctx, "files[0].from", old), "to": j(ctx, "files[0].to", old + ctx.pick((".bak", ".disabled", "-" + v.iso_date(ctx))))}]}
        return req("PUT", f"{base}/files/rename", _panel_headers(ctx, "application/json"), body=dumps(ctx, body))
    if kind == "delete":
        files = [j(ctx, f"files[{i}]", ctx.pick(("crash-reports", "logs/" + v.iso_date(ctx) + "-1.log.gz", "plugins/" + ctx.en.word() + ".jar", "world/playerdata/" + _uuid(ctx) + ".dat_old"))) for i in range(ctx.rng.randint(1, 3))]
        return req("POST", f"{base}/files/delete", _panel_headers(ctx, "application/json"), body=dumps(ctx, {"root": "/", "files": files}))
    if kind == "power":
        return req("POST", f"{base}/power", _panel_headers(ctx, "application/json"), body=dumps(ctx, {"signal": ctx.pick(("start", "stop", "restart", "kill"))}))
    return req("DELETE", f"{base}/backups/{seg(ctx, 'backup', _uuid(ctx))}", _panel_headers(ctx))


# --------------------------------------------------------------------------
# Parcel lockers: find points, send, redirect, collect, courier XML manifests
# --------------------------------------------------------------------------


def _point(ctx: Ctx) -> str:
    return f"{ctx.fake.city()[:3].upper()}{ctx.rng.randint(1, 999):02d}{ctx.pick('MABN')}"


def _instructions(ctx: Ctx) -> str:
    return ctx.pick((
        f"If the locker's full leave it with {ctx.pick(('the neighbour at no. ', 'flat '))}{ctx.rng.randint(1, 120)} -- don't ring, baby sleeping!",
        "Fragile: glass inside ⚠️ -- this side up",
        f"Gate code #{ctx.rng.randint(1000, 9999)}; parcel box is behind the bins",
        f"Ring {ctx.pick(('2x', 'twice', 'the top bell'))} & wait -- I'm on crutches",
        _remark(ctx), v.prose(ctx, 1, 2),
    ))


@template(GROUP, ("/lockerbox/",), weight=1.1)
def parcel_lockers(ctx: Ctx) -> Request:
    """Parcel lockers: nearby points, shipments as JSON, redirects, pickup-code forms, damage reports, courier XML manifests, tracking."""
    kind = ctx.pick(("points", "send", "send", "redirect", "collect", "manifest", "manifest", "track", "damage", "cancel"))
    tracking = f"{ctx.rng.randrange(10**23, 10**24)}"
    if kind == "points":
        pairs: list[tuple[str, Any]] = [("relative_point", f"{ctx.rng.uniform(35, 60):.5f},{ctx.rng.uniform(-10, 30):.5f}"), ("max_distance", ctx.pick((500, 2000, 10000))),
                                        ("type", ctx.pick(("parcel_locker", "pop", "parcel_locker,pop"))), ("functions[]", ctx.pick(("parcel_collect", "parcel_send"))),
                                        ("city", ctx.fake.city()), ("per_page", 25)]
        return req("GET", "/lockerbox/api/v1/points", headers_for(ctx, ctx.pick(("mobile", "xhr"))), qs(ctx, pairs, fixed=("per_page",)))
    if kind == "send":
        first, last = v.person_name(ctx)
        body: dict[str, Any] = {
            "receiver": {"first_name": j(ctx, "receiver.first_name", first), "last_name": j(ctx, "receiver.last_name", last),
                         "email": j(ctx, "receiver.email", ctx.fake.email()), "phone": j(ctx, "receiver.phone", ctx.fake.phone_number())},
            "parcels": [{"template": ctx.pick(("small", "medium", "large")), "weight": {"amount": round(ctx.rng.uniform(0.1, 25), 2), "unit": "kg"}} for _ in range(ctx.rng.randint(1, 3))],
            "custom_attributes": {"target_point": j(ctx, "custom_attributes.target_point", _point(ctx)), "sending_method": ctx.pick(("parcel_locker", "pop", "dispatch_order"))},
            "service": ctx.pick(("locker_standard", "locker_economy", "courier_c2c")),
            "reference": j(ctx, "reference", ctx.pick((f"Order #{rid(ctx)}", f"Vinted {ctx.rng.randrange(10**9, 10**10)}", short_title(ctx, ("gift", "return", "eBay"))))),
            "comments": j(ctx, "comments", _instructions(ctx)),
        }
        if ctx.chance(0.3):
            body["cod"] = {"amount": v.money(ctx, 5, 300), "currency": ctx.pick(("PLN", "EUR", "GBP"))}
        return req("POST", "/lockerbox/api/v1/shipments", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "redirect":
        body = {"target_point": j(ctx, "target_point", _point(ctx)), "reason": ctx.pick(("away", "locker_full", "closer")), "note": j(ctx, "note", ctx.pick(("", _instructions(ctx))))}
        return req("PATCH", f"/lockerbox/api/v1/shipments/{seg(ctx, 'tracking', tracking)}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "collect":  # the remote-open page: phone number and pickup code
        fields = [("phone", ctx.fake.phone_number()), ("code", f"{ctx.rng.randint(0, 999999):06d}"), ("point", _point(ctx)), ("csrf", v.hex_token(ctx, 32))]
        return nav_form(ctx, "/lockerbox/collect/open", "/lockerbox/collect", form(ctx, fields, fixed=("csrf",)))
    if kind == "manifest":  # a partner courier's system hands over parcels as XML
        parcels = []
        for i in range(ctx.rng.randint(1, 3)):
            name = enc_xml(str(ctx.slot("xml", f"parcel[{i}].receiver", v.full_name(ctx))))
            note = enc_xml(str(ctx.slot("xml", f"parcel[{i}].instructions", _instructions(ctx))))
            parcels.append(f"  <Parcel size=\"{ctx.pick('ABC')}\">\n    <TrackingNumber>{ctx.rng.randrange(10**23, 10**24)}</TrackingNumber>\n    <ReceiverName>{name}</ReceiverName>\n"
                           f"    <ReceiverPhone>{enc_xml(ctx.fake.phone_number())}</ReceiverPhone>\n    <TargetPoint>{_point(ctx)}</TargetPoint>\n    <Instructions>{note}</Instructions>\n  </Parcel>")
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Manifest carrier="{ctx.pick(("DPD", "GLS", "EVRI", "PPL"))}" created="{v.iso_datetime(ctx)}">\n' + "\n".join(parcels) + "\n</Manifest>\n")
        return req("POST", "/lockerbox/partner/manifests", headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth="basic"), body=xml)
    if kind == "track":
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/lockerbox/track/{seg(ctx, 'tracking', tracking)}", headers_for(ctx, "nav", referer=ctx.pick(("https://mail.google.com/", v.site(ctx) + "/"))),
                   qs(ctx, [("lang", ctx.locale[:2]), ("utm_source", ctx.pick(("sms", "email")))]))
    if kind == "damage":
        fields = [("tracking_number", tracking), ("issue", ctx.pick(("damaged", "missing_item", "wet", "opened"))), ("description", ctx.pick((v.prose(ctx, 1, 3, trap_rate=0.5), user_note(ctx)))),
                  ("contact_email", ctx.fake.email())]
        ctype, body2 = multipart(ctx, fields, [empty_file("photos[]")] if ctx.chance(0.5) else [])
        return req("POST", "/lockerbox/support/claims", site_headers(ctx, "nav", ctype, cookies=True), body=body2)
    return req("DELETE", f"/lockerbox/api/v1/shipments/{seg(ctx, 'tracking', tracking)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


# --------------------------------------------------------------------------
# Karaoke bar: song search (REST and GraphQL), queue, reactions, room bookings
# --------------------------------------------------------------------------

_SONGS = (
    ("Don't Stop Me Now", "Queen"), ("Sweet Caroline", "Neil Diamond"), ("I Will Survive", "Gloria Gaynor"), ("Livin' on a Prayer", "Bon Jovi"),
    ("(I've Had) The Time of My Life", "Bill Medley & Jennifer Warnes"), ("Drop It Like It's Hot", "Snoop Dogg"), ("Mr. Brightside", "The Killers"),
    ("Don't Look Back in Anger", "Oasis"), ("Take On Me", "a-ha"), ("99 Luftballons", "Nena"), ("Con te partirò", "Andrea Bocelli"), ("Despacito", "Luis Fonsi"),
    ("残酷な天使のテーゼ", "高橋洋子"), ("Подмосковные вечера", "Владимир Трошин"), ("Dancing Queen", "ABBA"), ("Total Eclipse of the Heart", "Bonnie Tyler"),
    ("Union of the Snake", "Duran Duran"), ("Where Is the Love?", "The Black Eyed Peas"), ("I'm Gonna Be (500 Miles)", "The Proclaimers"), ("9 to 5", "Dolly Parton"),
    ("Rock 'n' Roll Ain't Noise Pollution", "AC/DC"), ("Bohemian Rhapsody", "Queen"), ("강남스타일", "PSY"), ("La Vie en rose", "Édith Piaf"), ("Hips Don't Lie", "Shakira"),
    ("Don't You (Forget About Me)", "Simple Minds"), ("Shut Up and Dance", "WALK THE MOON"), ("Wannabe", "Spice Girls"), ("Select All", "Anjimile"),
)


def _song(ctx: Ctx) -> tuple[str, str]:
    if ctx.chance(0.8):
        return ctx.pick(_SONGS)
    return f"{ctx.en.word().title()} {ctx.pick(('Tonight', 'in the Rain', 'Again', '(Remix)', 'Baby', '& Me'))}", ctx.fake.name()


def _dedication(ctx: Ctx) -> str:
    name = ctx.fake.first_name()
    return ctx.pick((
        f"For {name} -- happy 30th!! 🎂", f"This one's for my bestie {name} <3", f"{name} & {ctx.fake.first_name()}'s first dance (again)",
        f"Dedicated to the bride-to-be 👰 -- sorry {name}!", "For everyone who has to listen to me :P", _remark(ctx), "",
    ))


_KARAOKE_GQL = ("query SearchSongs($q: String!, $lang: String, $first: Int = 20) {\n  songs(search: $q, language: $lang, first: $first) {\n"
                "    edges { node { id title artist durationSec hasDuet } }\n  }\n}")


@template(GROUP, ("/karaoke-q/",), weight=1.0)
def karaoke_queue(ctx: Ctx) -> Request:
    """Karaoke bar: song search (query string with a JSON filter, or GraphQL from the app), the singer queue, reorders, reactions, song requests, room bookings."""
    kind = ctx.pick(("search", "graphql", "queue", "queue", "reorder", "leave", "react", "request", "booking"))
    room = ctx.pick(("MAIN", "R1", "R2", "VIP")) + "-" + v.alnum_token(ctx, 4).upper()
    if kind == "search":
        title, _artist = _song(ctx)
        pairs = [("q", ctx.pick((title, title.split(" (")[0].lower(), v.search_terms(ctx), v.tricky_search(ctx)))), ("lang", ctx.pick(("", "en", "es", "ja", "ko")))]
        q = qs(ctx, pairs)
        if ctx.chance(0.5):
            flt = {"decade": {"in": [ctx.pick(("70s", "80s", "90s", "00s"))]}, "artist": {"contains": ctx.slot("json_query", "filter.artist.contains", ctx.pick((_artist, "Queen", "AC/DC", "Guns N' Roses")))}}
            q += "&" + json_param(ctx, "filter", flt)
        return req("GET", "/karaoke-q/api/songs", headers_for(ctx, ctx.pick(("xhr", "mobile"))), q)
    if kind == "graphql":
        if ctx.chance(0.3):  # a hand-built query from the TV app, the term inlined
            term = enc_gql_literal(str(ctx.slot("gql", "q", v.search_terms(ctx))))
            body: dict[str, Any] = {"query": f'{{ songs(search: "{term}", first: 10) {{ edges {{ node {{ id title artist }} }} }} }}'}
        else:
            variables = {"q": j(ctx, "q", _song(ctx)[0] if ctx.chance(0.6) else v.search_terms(ctx)), "lang": ctx.pick((None, "en", "es")), "first": 20}
            body = {"operationName": "SearchSongs", "query": _KARAOKE_GQL, "variables": variables}
        return req("POST", "/karaoke-q/graphql", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "queue":
        title, artist = _song(ctx)
        body2: dict[str, Any] = {"songId": f"sng_{v.alnum_token(ctx, 10)}", "title": j(ctx, "title", title), "artist": j(ctx, "artist", artist),
                                 "singer": {"name": j(ctx, "singer.name", ctx.pick((ctx.fake.first_name(), v.full_name(ctx), "Table 7", "DJ " + ctx.en.word().title()))),
                                            "avatar": ctx.pick(v._EMOJI)},
                                 "duetWith": [j(ctx, "duetWith[0]", ctx.fake.first_name())] if ctx.chance(0.3) else [],
                                 "keyShift": ctx.rng.randint(-4, 4), "tempo": ctx.pick((0.9, 1.0, 1.0, 1.1)), "dedication": j(ctx, "dedication", _dedication(ctx))}
        return req("POST", f"/karaoke-q/api/rooms/{seg(ctx, 'room', room)}/queue", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "reorder":
        body2 = {"order": [f"q_{v.alnum_token(ctx, 8)}" for _ in range(ctx.rng.randint(2, 8))], "reason": j(ctx, "reason", ctx.pick(("", "birthday girl goes first!", v.sentence(ctx))))}
        return req("PUT", f"/karaoke-q/api/rooms/{seg(ctx, 'room', room)}/queue/order", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "leave":
        return req("DELETE", f"/karaoke-q/api/rooms/{room}/queue/{seg(ctx, 'entry', 'q_' + v.alnum_token(ctx, 8))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "react":
        body2 = {"emoji": ctx.pick(("👏", "🔥", "😂", "🎤", "❤️")), "message": j(ctx, "message", ctx.pick(("ENCORE!!!", f"{ctx.fake.first_name()} you legend 🙌", "key change lol", v.sentence(ctx), ""))), "at": v.iso_datetime(ctx)}
        return req("POST", f"/karaoke-q/api/rooms/{seg(ctx, 'room', room)}/reactions", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "request":  # "can't find your song?"
        title, artist = _song(ctx)
        fields = [("title", title), ("artist", artist), ("youtube_url", f"https://www.youtube.com/watch?v={v.b64url(ctx.rng.randbytes(8))[:11]}&t={ctx.rng.randint(0, 90)}s"),
                  ("note", ctx.pick(("", _remark(ctx)))), ("email", ctx.fake.email())]
        return nav_form(ctx, "/karaoke-q/requests", "/karaoke-q/requests/new", form(ctx, fields))
    fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("booking[date]", v.iso_date(ctx)), ("booking[start]", f"{ctx.rng.randint(17, 23)}:{ctx.pick(('00', '30'))}"),
              ("booking[hours]", str(ctx.rng.randint(1, 4))), ("booking[guests]", str(ctx.rng.randint(2, 20))), ("booking[room]", ctx.pick(("small", "medium", "party", "VIP"))),
              ("booking[name]", v.full_name(ctx)), ("booking[phone]", ctx.fake.phone_number()),
              ("booking[occasion]", ctx.pick(("Birthday", "Hen do", "Stag do", "Office party", "Leaving do -- " + ctx.fake.first_name() + "'s"))), ("booking[notes]", ctx.pick(("", _remark(ctx))))]
    return nav_form(ctx, "/karaoke-q/bookings", "/karaoke-q/book", form(ctx, fields, fixed=("authenticity_token",)))


# --------------------------------------------------------------------------
# Price-drop tracker: watch product URLs, browser extension scrapes, history, CSV imports
# --------------------------------------------------------------------------

_STORES = ("amazon.de", "amazon.co.uk", "bestbuy.com", "zalando.fr", "ikea.com", "mediamarkt.es", "argos.co.uk", "rakuten.co.jp", "target.com", "otto.de")


def _product_url(ctx: Ctx) -> str:
    store = ctx.pick(_STORES)
    if store.startswith("amazon"):
        return f"https://www.{store}/{ctx.en.slug()}/dp/B0{v.alnum_token(ctx, 8).upper()}?th=1&psc=1&ref_=ast_sto_dp"
    return ctx.pick((f"https://www.{store}/p/{ctx.en.slug()}-{ctx.rng.randrange(10**6, 10**8)}?color={ctx.pick(v._COLORS).replace(' ', '%20')}&size={ctx.pick(('M', '42', 'XL'))}",
                     f"https://www.{store}/{ctx.en.slug()}.html#reviews", f"https://{store}/product/{ctx.rng.randrange(10**5, 10**7)}?utm_source=newsletter&utm_medium=email"))


def _product_title(ctx: Ctx) -> str:
    return ctx.pick((f"{ctx.fake.company()} {ctx.en.word().title()} {ctx.rng.randint(2, 16)}\" {ctx.pick(('Laptop', 'Monitor', 'Tablet'))} -- {ctx.rng.randint(8, 64)}GB RAM, 1TB SSD",
                     f"Levi's 501® Original Fit Jeans ({ctx.pick(('W32/L32', 'W34/L30'))})", f"LEGO® {ctx.en.word().title()} Set #{ctx.rng.randint(10000, 79999)} (1,{ctx.rng.randint(100, 999)} pcs)",
                     f"Children's {ctx.en.word()} & {ctx.en.word()} bundle -- 3-pack", v.short_text(ctx), f"KALLAX Shelf 77x147 cm, white/oak effect"))


@template(GROUP, ("/pricewatch/",), weight=1.0)
def price_watch(ctx: Ctx) -> Request:
    """Price-drop tracker: watch a product URL, the browser extension's page scrape, watch lists and history (JSON filter in a query), edits, wishlist CSV imports."""
    kind = ctx.pick(("watch", "watch", "extension", "list", "history", "update", "delete", "import", "feed", "unsubscribe", "preflight"))
    wid = f"w_{v.alnum_token(ctx, 12)}"
    if kind == "watch":
        body: dict[str, Any] = {"url": j(ctx, "url", _product_url(ctx)), "targetPrice": round(ctx.rng.uniform(5, 900), 2), "currency": ctx.pick(("EUR", "GBP", "USD", "JPY")),
                                "notify": {"email": ctx.chance(0.7), "push": ctx.chance(0.6), "threshold": ctx.pick(("any_drop", "below_target", "10_percent"))},
                                "note": j(ctx, "note", ctx.pick(("", "for Xmas -- wait for Black Friday?", "Mum's birthday gift", _remark(ctx)))),
                                "tags": [j(ctx, "tags[0]", ctx.pick(("gifts", "home office", "kids' room", ctx.en.word())))]}
        return req("POST", "/pricewatch/api/watches", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "extension":  # the extension posts what it scraped from the open product page
        body = {"pageUrl": j(ctx, "pageUrl", _product_url(ctx)), "title": j(ctx, "title", _product_title(ctx)),
                "priceText": j(ctx, "priceText", ctx.pick((f"€{ctx.rng.randint(1, 2999)},{ctx.rng.randint(0, 99):02d}", f"£{ctx.rng.randint(1, 999)}.{ctx.rng.randint(0, 99):02d}", f"¥{ctx.rng.randint(500, 200000):,}", f"${ctx.rng.randint(1, 999)}.99 (was ${ctx.rng.randint(1000, 1999)}.00)"))),
                "variant": j(ctx, "variant", ctx.pick(("", "Colour: " + ctx.pick(v._COLORS), "Size: 10.5 UK", "128 GB -- Midnight"))),
                "breadcrumbs": [j(ctx, "breadcrumbs[0]", ctx.pick(("Home & Kitchen", "Electronics", "Toys & Games"))), ctx.en.word().title()],
                "imageUrl": f"https://m.media-{ctx.en.domain_word()}.com/images/I/{v.alnum_token(ctx, 11)}._AC_SL1500_.jpg", "extVersion": f"3.{ctx.rng.randint(0, 20)}.{ctx.rng.randint(0, 9)}"}
        headers = headers_for(ctx, "xhr", content_type="application/json", auth="jwt", origin=f"chrome-extension://{''.join(ctx.pick('abcdefghijklmnop') for _ in range(32))}")
        return req("POST", "/pricewatch/api/ext/observations", headers, body=dumps(ctx, body))
    if kind == "list":
        pairs = [("status", ctx.pick(("active", "triggered", "paused"))), ("store", ctx.pick(("", ctx.pick(_STORES)))), ("q", ctx.pick(("", v.search_terms(ctx), v.tricky_search(ctx)))),
                 ("sort", ctx.pick(("-drop_pct", "price", "created"))), ("page", ctx.rng.randint(1, 5))]
        return req("GET", "/pricewatch/api/watches", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), qs(ctx, pairs))
    if kind == "history":
        q = qs(ctx, [("range", ctx.pick(("30d", "90d", "1y", "all"))), ("currency", ctx.pick(("EUR", "GBP")))], fixed=("range",))
        flt = {"seller": {"eq": ctx.slot("json_query", "where.seller.eq", ctx.pick(("Amazon", "Warehouse Deals", ctx.fake.company())))}, "condition": {"in": ["new", "used_like_new"]}}
        q += "&" + json_param(ctx, "where", flt)
        return req("GET", f"/pricewatch/api/products/{seg(ctx, 'product', 'B0' + v.alnum_token(ctx, 8).upper())}/history", headers_for(ctx, "xhr", auth="jwt"), q)
    if kind == "update":
        body = {"targetPrice": round(ctx.rng.uniform(5, 900), 2), "paused": ctx.chance(0.2), "note": j(ctx, "note", _remark(ctx))}
        return req("PATCH", f"/pricewatch/api/watches/{seg(ctx, 'watch', wid)}", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "delete":
        return req("DELETE", f"/pricewatch/api/watches/{seg(ctx, 'watch', wid)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if kind == "import":  # a wishlist exported from another tracker
        rows = ["url,title,target_price,note"]
        for i in range(ctx.rng.randint(2, 6)):
            title = ctx.slot("multipart", "csv.title", _product_title(ctx)) if i == 0 else _product_title(ctx)
            rows.append(f"\"{csv_cell(_product_url(ctx))}\",\"{csv_cell(str(title))}\",{v.money(ctx, 5, 900)},\"{csv_cell(ctx.pick(('', v.sentence(ctx), 'gift?')))}\"")
        ctype, body2 = multipart(ctx, [("source", ctx.pick(("camelcamelcamel", "keepa", "honey", "other"))), ("default_currency", ctx.pick(("EUR", "GBP", "USD")))],
                                 [("file", ctx.pick(("wishlist.csv", "export (1).csv", "my list.csv")), "text/csv", "\n".join(rows) + "\n")])
        return req("POST", "/pricewatch/api/imports", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "feed":  # an affiliate network pushes price changes for the shops it tracks
        items = []
        for i in range(ctx.rng.randint(1, 4)):
            title = enc_xml(str(ctx.slot("xml", f"product[{i}].title", _product_title(ctx))))
            link = enc_xml(str(ctx.slot("xml", f"product[{i}].link", _product_url(ctx))))
            items.append(f"  <product sku=\"{v.alnum_token(ctx, 10).upper()}\">\n    <title>{title}</title>\n    <link>{link}</link>\n"
                         f"    <price currency=\"{ctx.pick(('EUR', 'GBP', 'USD'))}\">{v.money(ctx, 3, 2500)}</price>\n    <availability>{ctx.pick(('in stock', 'out of stock', 'preorder'))}</availability>\n  </product>")
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<priceUpdates merchant="{enc_xml(ctx.pick(_STORES))}" generated="{v.iso_datetime(ctx)}">\n' + "\n".join(items) + "\n</priceUpdates>\n"
        return req("POST", "/pricewatch/partner/feeds/price-updates", headers_for(ctx, "sdk", content_type="application/xml", auth="apikey"), body=xml)
    if kind == "unsubscribe":
        return req("GET", "/pricewatch/alerts/unsubscribe", headers_for(ctx, "nav", referer="https://mail.google.com/"), qs(ctx, [("email", ctx.fake.email()), ("watch", wid), ("sig", v.hex_token(ctx, 40))], fixed=("sig",)))
    return preflight(ctx, "/pricewatch/api/ext/observations", ("POST",), ("authorization,content-type", "content-type"))


# --------------------------------------------------------------------------
# Trip expense splitting: Splitwise-style flat forms, mobile JSON, settle-ups, bank CSV
# --------------------------------------------------------------------------


def _expense_title(ctx: Ctx) -> str:
    return ctx.pick((f"Dinner at {ctx.fake.last_name()}'s", "Airbnb -- 3 nights", f"Ferry {ctx.fake.city()} -> {ctx.fake.city()}", "Fuel + tolls (A7)", "Groceries & wine 🍷",
                     f"Museum tickets x{ctx.rng.randint(2, 8)}", "Taxi from airport (split 4 ways)", f"{ctx.en.word().title()} tour", v.short_text(ctx), "Bar tab -- don't ask 😅"))


@template(GROUP, ("/tripsplit/",), weight=1.1)
def trip_expense_split(ctx: Ctx) -> Request:
    """Trip expense splitter: Splitwise-style forms (`users__0__paid_share`), mobile JSON with shares, comments, settle-ups, bank CSV imports, balances."""
    kind = ctx.pick(("create_form", "create_json", "create_json", "comment", "settle", "balances", "import", "update", "delete"))
    group = ctx.rng.randrange(1000000, 99999999)
    if kind == "create_form":
        total = round(ctx.rng.uniform(5, 1500), 2)
        n = ctx.rng.randint(2, 5)
        share = round(total / n, 2)
        pairs: list[tuple[str, Any]] = [("cost", f"{total:.2f}"), ("description", _expense_title(ctx)), ("details", ctx.pick(("", _remark(ctx)))),
                                        ("currency_code", ctx.pick(("EUR", "GBP", "USD", "JPY", "THB"))), ("group_id", str(group)), ("date", v.iso_datetime(ctx)), ("category_id", str(ctx.rng.randint(1, 40)))]
        for i in range(n):
            pairs += [(f"users__{i}__user_id", str(ctx.rng.randrange(10**6, 10**8))), (f"users__{i}__paid_share", f"{total if i == 0 else 0:.2f}"), (f"users__{i}__owed_share", f"{share:.2f}")]
        return req("POST", "/tripsplit/api/v3.0/create_expense", headers_for(ctx, ctx.pick(("sdk", "xhr")), content_type="application/x-www-form-urlencoded", auth="jwt"),
                   body=form(ctx, pairs, fixed=tuple(name for name, _ in pairs if name.startswith("users__") or name in ("group_id", "category_id"))))
    if kind == "create_json":
        people = [v.full_name(ctx) for _ in range(ctx.rng.randint(2, 5))]
        body: dict[str, Any] = {"groupId": group, "title": j(ctx, "title", _expense_title(ctx)), "amount": v.money(ctx, 3, 900), "currency": ctx.pick(("EUR", "CHF", "USD", "MXN")),
                                "paidBy": j(ctx, "paidBy", people[0]), "split": {"type": ctx.pick(("equal", "exact", "percent", "shares")),
                                                                                  "members": [{"name": j(ctx, f"split.members[{i}].name", p), "share": ctx.rng.randint(1, 3)} for i, p in enumerate(people[1:])]},
                                "location": {"name": j(ctx, "location.name", ctx.pick((ctx.fake.city(), f"{ctx.fake.company()} ({ctx.fake.street_name()})", "Gare de Lyon"))), "lat": round(ctx.rng.uniform(-50, 60), 5), "lng": round(ctx.rng.uniform(-120, 140), 5)},
                                "note": j(ctx, "note", ctx.pick(("", _remark(ctx), "Tip included (10%) -- receipt in the group chat"))), "spentAt": v.iso_datetime(ctx)}
        return req("POST", f"/tripsplit/app/v2/groups/{group}/expenses", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if kind == "comment":
        pairs = [("expense_id", str(rid(ctx))), ("content", ctx.pick((_remark(ctx), f"I only had the salad -- can we do {ctx.rng.randint(10, 40)}/{ctx.rng.randint(60, 90)}?", "Paid you back on Revolut ✅")))]
        return req("POST", "/tripsplit/api/v3.0/create_comment", headers_for(ctx, "xhr", content_type="application/x-www-form-urlencoded", auth="jwt"), body=form(ctx, pairs, fixed=("expense_id",)))
    if kind == "settle":
        body = {"from": j(ctx, "from", v.full_name(ctx)), "to": j(ctx, "to", v.full_name(ctx)), "amount": v.money(ctx, 1, 600), "method": ctx.pick(("cash", "revolut", "paypal", "bank_transfer", "venmo")),
                "note": j(ctx, "note", ctx.pick(("", "for the boat trip 🚤", f"Ref: {ctx.fake.last_name()} trip {v.iso_date(ctx)}", _remark(ctx))))}
        return req("POST", f"/tripsplit/app/v2/groups/{group}/settlements", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "balances":
        return req("GET", f"/tripsplit/api/v3.0/get_group/{seg(ctx, 'group', str(group))}", headers_for(ctx, ctx.pick(("xhr", "mobile", "sdk")), auth="jwt"),
                   qs(ctx, [("simplify_debts", ctx.pick(("true", "false"))), ("currency", ctx.pick(("", "EUR", "GBP")))]))
    if kind == "import":  # a bank export, turned into expenses
        rows = ["Date,Description,Amount,Currency"]
        for i in range(ctx.rng.randint(2, 8)):
            desc = ctx.slot("multipart", "csv.description", _expense_title(ctx)) if i == 0 else _expense_title(ctx)
            rows.append(f"{v.iso_date(ctx)},\"{csv_cell(str(desc))}\",-{v.money(ctx, 2, 400)},{ctx.pick(('EUR', 'GBP'))}")
        ctype, body2 = multipart(ctx, [("group_id", str(group)), ("payer", v.full_name(ctx)), ("split", ctx.pick(("equal", "me_only")))],
                                 [("statement", ctx.pick(("revolut-statement.csv", "Umsaetze.csv", "monzo export.csv")), "text/csv", "\n".join(rows) + "\n")])
        return req("POST", f"/tripsplit/app/v2/groups/{group}/imports", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "update":
        body = {"title": j(ctx, "title", _expense_title(ctx)), "amount": v.money(ctx, 3, 900), "note": j(ctx, "note", _remark(ctx))}
        return req("PATCH", f"/tripsplit/app/v2/expenses/{seg(ctx, 'expense', str(rid(ctx)))}", headers_for(ctx, "mobile", content_type="application/json", auth="jwt"), body=dumps(ctx, body))
    if ctx.chance(0.5):
        return req("POST", f"/tripsplit/api/v3.0/delete_expense/{seg(ctx, 'expense', str(rid(ctx)))}", headers_for(ctx, "sdk", auth="jwt"))
    return req("DELETE", f"/tripsplit/app/v2/expenses/{seg(ctx, 'expense', str(rid(ctx)))}", headers_for(ctx, "mobile", auth="jwt"))


# --------------------------------------------------------------------------
# Home inventory: belongings by room and box, receipts, warranty, insurance lists
# --------------------------------------------------------------------------

_ROOMS = ("Kitchen", "Living room", "Garage", "Loft", "Kids' room", "Office", "Basement", "Shed", "Master bedroom", "Hallway cupboard")


def _location(ctx: Ctx) -> str:
    return ctx.pick((ctx.pick(_ROOMS), f"{ctx.pick(_ROOMS)} > Shelf {ctx.rng.randint(1, 6)}", f"Garage > Box \"{ctx.pick(('Xmas', 'Camping', 'Cables & chargers', 'Baby clothes 0-6m'))}\"",
                     f"Loft / Box #{ctx.rng.randint(1, 60)} (blue lid)", f"{ctx.fake.first_name()}'s room -- under the bed"))


def _item_name(ctx: Ctx) -> str:
    thing = ctx.pick(('TV 55"', "drill", "espresso machine", "bike", "guitar", "mixer"))
    return ctx.pick((f"{ctx.fake.company()} {ctx.en.word().title()} {thing}",
                     "Grandma's silver teapot", f"Dyson V{ctx.rng.randint(8, 15)} (with 2 spare filters)", "KALLAX shelf 4x4", f"Canon EOS R{ctx.rng.randint(5, 8)} + 24-105mm f/4",
                     "Box of old vinyl -- 70s/80s", f"Wedding ring (18ct, size {ctx.pick('LMNOP')})", v.short_text(ctx)))


@template(GROUP, ("/homeinventory/",), weight=1.0)
def home_inventory(ctx: Ctx) -> Request:
    """Home inventory: add items with photos and receipts (multipart, `item[...]`), edits with custom fields, search, bulk moves, CSV import, insurance claim lists."""
    kind = ctx.pick(("add", "add", "update", "search", "move", "import", "claim", "delete"))
    if kind == "add":
        fields = [("item[name]", _item_name(ctx)), ("item[location]", _location(ctx)), ("item[brand]", ctx.pick(("", ctx.fake.company(), "Bosch", "Le Creuset", "B&O"))),
                  ("item[serial_number]", ctx.pick(("", v.alnum_token(ctx, 12).upper(), f"SN-{ctx.rng.randrange(10**7, 10**9)}"))), ("item[purchase_price]", v.money(ctx, 5, 4000)),
                  ("item[purchased_on]", v.iso_date(ctx)), ("item[notes]", ctx.pick(("", _remark(ctx), user_note(ctx)))), ("item[tags][]", ctx.pick(("electronics", "valuables", "tools", "insured")))]
        files = [empty_file("item[photos][]")] if ctx.chance(0.4) else []
        if ctx.chance(0.3):
            files.append(("item[receipt]", "receipt.txt", "text/plain", f"{ctx.fake.company()}\n{v.iso_date(ctx)}\nTOTAL {v.money(ctx, 5, 4000)}\nThank you for shopping!"))
        ctype, body = multipart(ctx, fields, files)
        return req("POST", "/homeinventory/items", site_headers(ctx, ctx.pick(("nav", "xhr")), ctype, cookies=True), body=body)
    if kind == "update":
        body2: dict[str, Any] = {"name": j(ctx, "name", _item_name(ctx)), "location": {"path": j(ctx, "location.path", _location(ctx))},
                                 "tags": [j(ctx, "tags[0]", ctx.pick(("valuables", "sell?", "lend to " + ctx.fake.first_name(), ctx.en.word())))],
                                 "warranty": {"until": v.iso_date(ctx), "provider": j(ctx, "warranty.provider", ctx.pick(("Currys Care & Repair", "AppleCare+", ctx.fake.company())))},
                                 "customFields": {"Colour": j(ctx, "customFields.Colour", ctx.pick(v._COLORS)), "Lent to": j(ctx, "customFields.Lent to", ctx.pick(("", v.full_name(ctx))))},
                                 "quantity": ctx.rng.randint(1, 12)}
        return req("PATCH", f"/homeinventory/api/items/{seg(ctx, 'item', _uuid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt"), body=dumps(ctx, body2))
    if kind == "search":
        pairs = [("q", ctx.pick((v.search_terms(ctx), "charger", "box #", v.tricky_search(ctx)))), ("room", ctx.pick(("", ctx.pick(_ROOMS)))), ("tag", ctx.pick(("", "valuables", "insured"))),
                 ("sort", ctx.pick(("name", "-value", "-updated"))), ("limit", 50)]
        q = qs(ctx, pairs, fixed=("limit",))
        if ctx.chance(0.4):  # the advanced search sends a JSON filter
            q += "&" + json_param(ctx, "filter", {"value": {"gte": ctx.rng.randint(0, 500)}, "location": {"startsWith": ctx.slot("json_query", "filter.location.startsWith", ctx.pick(_ROOMS))}})
        return req("GET", "/homeinventory/api/items", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"), q)
    if kind == "move":
        body2 = {"itemIds": [_uuid(ctx) for _ in range(ctx.rng.randint(1, 6))], "to": j(ctx, "to", _location(ctx)), "note": j(ctx, "note", ctx.pick(("", "moving day 📦", _remark(ctx))))}
        return req("POST", "/homeinventory/api/items/bulk-move", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    if kind == "import":
        rows = ["Name,Location,Value,Notes"]
        for i in range(ctx.rng.randint(2, 7)):
            name = ctx.slot("multipart", "csv.name", _item_name(ctx)) if i == 0 else _item_name(ctx)
            rows.append(f"\"{csv_cell(str(name))}\",\"{csv_cell(_location(ctx))}\",{v.money(ctx, 5, 2000)},\"{csv_cell(ctx.pick(('', v.sentence(ctx))))}\"")
        return req("POST", "/homeinventory/api/import", headers_for(ctx, "xhr", content_type="text/csv; charset=utf-8", auth="jwt"), qs(ctx, [("dry_run", ctx.pick(("true", "false")))], fixed=("dry_run",)),
                   body="\n".join(rows) + "\n")
    if kind == "claim":  # a list of belongings for the insurer after a break-in or a flood
        body2 = {"itemIds": [_uuid(ctx) for _ in range(ctx.rng.randint(1, 8))], "incident": {"type": ctx.pick(("burglary", "flood", "fire", "accidental_damage")), "date": v.iso_date(ctx),
                                                                                             "description": j(ctx, "incident.description", v.prose(ctx, 1, 4, trap_rate=0.5))},
                 "policyNumber": j(ctx, "policyNumber", f"{ctx.pick(('HH', 'PL', 'CT'))}-{ctx.rng.randrange(10**6, 10**8)}"), "format": ctx.pick(("pdf", "xlsx"))}
        return req("POST", "/homeinventory/api/claim-reports", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
    return req("DELETE", f"/homeinventory/api/items/{seg(ctx, 'item', _uuid(ctx))}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))


HOLDOUT4_B: tuple[str, ...] = (
    "dotfiles_sync", "storefront_theme_editor", "game_server_panel", "parcel_lockers",
    "karaoke_queue", "price_watch", "trip_expense_split", "home_inventory",
)
