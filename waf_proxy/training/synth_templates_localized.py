"""Train templates: apps used mainly in one language other than English.

A Japanese flea-market marketplace (full-width text, 〒 postcodes, furigana), a
Chinese mini-program's social and payments API (WeChat-style signed requests,
WeChat Pay XML, Chinese reviews), an Arabic news site with right-to-left
comments, a Russian forum posting BBCode, a Korean portal's search and Q&A, an
Indian government services portal (Devanagari and English, masked Aadhaar
numbers, PIN codes), a Turkish classifieds site (İ/ı, ş, ğ, prices in TL) and a
Brazilian PIX/boleto wallet (CPF/CNPJ, BR Codes, CNAB files, NF-e XML).

They exist because a model trained on English traffic meets these apps in
production: percent-encoded UTF-8 in every query string, JSON with `\\uXXXX`
escapes, full-width `＜`, `＆` and `％`, `«»`, `،` and `؟`, `[quote="..."]`,
`S/o` and `H.No. 4-5/2A`, `D'Ávila`, `***` inside a PIX BR Code, a user's SQL
or Excel formula pasted into a question -- text a naive filter reads as an
attack. Every user-controlled value goes through a slot.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from typing import Any

from faker import Faker

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
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
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------


def _speak(ctx: Ctx, locale: str, share: float = 0.85, label: str | None = None) -> Faker:
    """Most of an app's users write in its language: return a seeded Faker for `locale` and, for
    `share` of the requests, make it the request's own (names, Accept-Language); the rest are visitors."""
    fk = v.faker_for(locale)
    if ctx.fake is not fk:
        fk.seed_instance(ctx.rng.getrandbits(48))
    if ctx.chance(share):
        ctx.locale, ctx.fake = label or locale, fk
    return fk


def _fill(text: str, **kw: Any) -> str:
    """Fill `<<name>>` fields (braces stay free for the code users paste)."""
    return re.sub(r"<<(\w+)>>", lambda m: str(kw[m.group(1)]), text)


def _say(ctx: Ctx, phrases: tuple[str, ...], lo: int, hi: int, sep: str, **kw: Any) -> str:
    """A text of lo..hi of the app's own phrases, in the user's language, with their fields filled."""
    return sep.join(_fill(p, **kw) for p in ctx.rng.sample(phrases, ctx.rng.randint(lo, min(hi, len(phrases)))))


def _zen(text: str) -> str:
    """Full-width (zenkaku) form of ASCII, as Japanese IMEs type digits and letters."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _ascii_upper(text: str) -> str:
    """Upper-case ASCII without accents, as EMV and CNAB fields require ("SÃO PAULO" -> "SAO PAULO")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _digits(text: str) -> str:
    """Only the digits (a CPF or CNPJ as APIs take it: "12345678909")."""
    return re.sub(r"\D", "", text)


def _escaping_client(ctx: Ctx) -> None:
    """A client built on Python's json.dumps or Gson defaults: every non-ASCII character goes out as \\uXXXX."""
    ctx.json_ascii = True


def _sign_headers(ctx: Ctx, prefix: str) -> tuple[tuple[str, str], ...]:
    """Timestamp, nonce and signature headers of a signed app API (values are the client's, not user text)."""
    return (
        (f"{prefix}-Timestamp", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))),
        (f"{prefix}-Nonce", v.alnum_token(ctx, 16)),
        (f"{prefix}-Signature", v.hex_token(ctx, 64)),
    )


# --------------------------------------------------------------------------
# Japanese marketplace: search, listings, Q&A comments, addresses with furigana, konbini checkout
# --------------------------------------------------------------------------

_JA_ITEMS = (
    "【新品未使用】ユニオンジャック柄 Tシャツ ＸＬ",
    "ニンテンドースイッチ 本体 有機ELモデル ホワイト",
    "DROP社 ワイヤレスイヤホン ※箱なし",
    "SELECT SHOP購入 リネンシャツ Ｍサイズ",
    "無印良品 ステンレス ユニットシェルフ 幅５６ｃｍ",
    "ポケモンカード 151 シュリンク付き １BOX",
    "ルイ・ヴィトン ＜ジッピーウォレット＞ 正規品",
    "子供服 まとめ売り 100〜110cm ７点",
    "iPhone 14 Pro 128GB SIMフリー バッテリー最大容量89％",
    "ハンドメイド ピアス ＃ゴールド ＆ パール",
    "ｽﾀｰﾊﾞｯｸｽ ﾀﾝﾌﾞﾗｰ 限定 ★レア★",
    "Ｄｒ．Ｍａｒｔｅｎｓ ３ホール UK6 (25cm)",
)
_JA_DESC = (
    "ご覧いただきありがとうございます。",
    "【即購入OK】【送料込み】",
    "<<years>>年ほど前に購入し、数回着用しました。目立った傷や汚れはありませんが、中古品であることをご理解の上ご購入ください。",
    "※即購入OKです。",
    "※値下げ交渉はご遠慮ください（コメントなしの値下げ申請は削除します）。",
    "サイズ：約<<w>>cm × <<h>>cm\n素材：綿100％\n状態：未使用に近い",
    "発送は<<ship>>を予定しています。土日祝は発送できません m(_ _)m",
    "ペット・喫煙者なしの環境で保管していました。",
    "SELECTボタンが少し効きにくいです。それ以外は問題なく動作します。",
    "#ユニクロ #ＧＵ #まとめ売り #<<brand>>",
    "型番：<<model>>　シリアル：<<serial>>",
    "'訳あり' 品です -- 箱に潰れがあります。",
    "定価 ¥<<list_price>> → <<price>>円 でお譲りします！",
    "※写真の色味は実物と多少異なる場合がございます。",
    "<<name>>様 専用ページです。他の方はご購入をお控えください🙇",
    "質問はお気軽にどうぞ😊 （夜２２時以降の返信になります）",
)
_JA_COMMENTS = (
    "値下げは可能でしょうか？<<price>>円だと嬉しいです🙏",
    "コメント失礼します。こちらの商品の購入時期を教えていただけますか？",
    "即購入してもよろしいでしょうか？",
    "送料込みの価格でしょうか？",
    "了解しました！ありがとうございます😊",
    "返品・交換は受け付けておりません。ご了承ください。",
    "実寸（着丈・身幅）を教えてください＞＜",
    "<<name>>さん、コメントありがとうございます！ <<price>>円でしたら対応可能です。",
    "「ＳＥＬＥＣＴ」ボタンは正常に反応しますか？",
    "他サイトでも出品中のため、売り切れの際はご容赦ください。",
    "専用ページ作成しました→ <<url>>",
    "箱なしで構いませんので、ネコポスで発送いただけますか？",
)
_JA_SEARCH = (
    "ｽｲｯﾁ 本体",
    "ポケカ 151 BOX",
    "ユニクロ ダウン Ｍ",
    "ルイヴィトン 財布",
    "iPhone 14 Pro SIMフリー",
    "DROP イヤホン",
    "子供服 110 まとめ",
    "スタバ タンブラー 限定",
    "Ｔシャツ ＸＬ",
    "無印 シェルフ",
    "select shop リネン",
    "ドクターマーチン 3ホール",
)
_JA_SHIP = ("らくらく便", "ゆうパケット", "ネコポス", "宅急便コンパクト", "レターパックプラス", "クリックポスト")


def _ja_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {
        "years": ctx.rng.randint(1, 5),
        "w": ctx.rng.randint(10, 80),
        "h": ctx.rng.randint(10, 80),
        "ship": ctx.pick(_JA_SHIP),
        "brand": ctx.pick(("ユニクロ", "無印良品", "ZARA", "nike")),
        "model": fk.bothify("??-####").upper(),
        "serial": fk.bothify("#########"),
        "list_price": f"{ctx.rng.randint(3, 90) * 1000:,}",
        "price": f"{ctx.rng.randint(3, 300) * 100:,}",
        "name": fk.last_name(),
        "url": f"https://jp.{ctx.en.domain_name()}/item/m{ctx.rng.randrange(10**10, 10**11)}",
    }


def _ja_address(ctx: Ctx, fk: Faker) -> tuple[str, str, str]:
    """Postcode, street and building as Japanese users type them: 〒 optional, full-width digits, 丁目番号 or 1-2-3."""
    zipcode = ctx.pick((fk.zipcode(), "〒" + fk.zipcode(), _zen(fk.zipcode()), fk.zipcode().replace("-", "")))
    a, b, c = ctx.rng.randint(1, 9), ctx.rng.randint(1, 30), ctx.rng.randint(1, 20)
    street = ctx.pick(
        (
            f"{fk.town()}{fk.chome()}{fk.ban()}{fk.gou()}",
            f"{fk.town()}{_zen(f'{a}-{b}-{c}')}",
            f"{fk.town()}{a}-{b}-{c}",
            f"{fk.town()}{_zen(str(a))}丁目{b}番地",
        )
    )
    building = ctx.pick(
        (
            "",
            f"{fk.building_name()}{ctx.rng.randint(1, 12)}0{ctx.rng.randint(1, 9)}号室",
            f"{fk.building_name()} {_zen(str(ctx.rng.randint(101, 1205)))}",
            f"{fk.last_name()}様方",
            f"ハイツ{fk.last_name()} {ctx.pick('ABC')}-{ctx.rng.randint(101, 305)}",
        )
    )
    return zipcode, street, building


@template("train", ("/kaimono-ichiba/",), weight=1.1)
def kaimono_ichiba_market(ctx: Ctx) -> Request:
    """Japanese flea market: keyword search (percent-encoded Japanese, half-width kana), listings, Q&A comments,
    addresses with furigana, konbini checkout, photos."""
    fk = _speak(ctx, "ja_JP")
    kind = ctx.pick(("search", "search", "listing", "comment", "address", "checkout", "photo", "misc"))
    item = f"m{ctx.rng.randrange(10**10, 10**11)}"
    kw = _ja_kw(ctx, fk)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [
            ("keyword", ctx.pick((ctx.pick(_JA_SEARCH), ctx.pick(_JA_ITEMS)[:12], fk.word() + " " + fk.word(), v.tricky_search(ctx)))),
            ("category_id", ctx.rng.randint(1, 1200)),
            ("price_min", ctx.pick(("", "300", "1000"))),
            ("price_max", ctx.pick(("", "5000", "30000"))),
            ("status", ctx.pick(("on_sale", "sold_out,trading"))),
            ("sort", ctx.pick(("created_time", "price", "score"))),
            ("order", ctx.pick(("desc", "asc"))),
        ]
        if ctx.chance(0.3):
            pairs.append(("exclude_keyword", ctx.pick(("ジャンク", "箱なし 訳あり", "専用"))))
        return req("GET", "/kaimono-ichiba/search", headers_for(ctx, ctx.pick(("nav", "xhr", "mobile"))), qs(ctx, pairs, fixed=("order",)))
    if kind == "listing":
        if ctx.chance(0.7):
            if ctx.chance(0.3):
                _escaping_client(ctx)
            body: dict[str, Any] = {
                "name": j(ctx, "name", ctx.pick(_JA_ITEMS)),
                "description": j(ctx, "description", _say(ctx, _JA_DESC, 2, 6, "\n", **kw)),
                "price": ctx.rng.randint(3, 999) * 100,
                "itemCondition": ctx.pick(("新品、未使用", "未使用に近い", "目立った傷や汚れなし", "やや傷や汚れあり")),
                "shipping": {
                    "payer": ctx.pick(("seller", "buyer")),
                    "method": ctx.pick(_JA_SHIP),
                    "fromArea": fk.prefecture(),
                    "daysToShip": ctx.pick(("1~2日で発送", "2~3日で発送", "4~7日で発送")),
                },
                "brand": j(ctx, "brand", ctx.pick(("", "ユニクロ", "Dr.Martens", "ルイ・ヴィトン", "無印良品"))),
                "photos": [v.hex_token(ctx, 24) for _ in range(ctx.rng.randint(1, 4))],
            }
            return req(
                "POST",
                "/kaimono-ichiba/api/v1/items",
                site_headers(ctx, ctx.pick(("mobile", "mobile", "xhr")), "application/json; charset=utf-8", "jwt"),
                body=dumps(ctx, body),
            )
        return req(
            "DELETE",
            f"/kaimono-ichiba/api/v1/items/{seg(ctx, 'item', item)}",
            headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"),
            qs(ctx, [("reason", ctx.pick(("他サイトで売れました", "出品ミス", "")))]),
        )
    if kind == "comment":
        if ctx.chance(0.2):
            return req("DELETE", f"/kaimono-ichiba/api/v1/items/{item}/comments/{seg(ctx, 'comment', str(rid(ctx)))}", headers_for(ctx, "mobile", auth="jwt"))
        body = {"message": j(ctx, "message", _say(ctx, _JA_COMMENTS, 1, 2, "\n", **kw)), "itemId": item}
        return req(
            "POST",
            f"/kaimono-ichiba/api/v1/items/{seg(ctx, 'item', item)}/comments",
            site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "address":
        zipcode, street, building = _ja_address(ctx, fk)
        body = {
            "familyName": j(ctx, "familyName", fk.last_name()),
            "firstName": j(ctx, "firstName", fk.first_name()),
            "familyNameKana": j(ctx, "familyNameKana", fk.last_kana_name()),
            "firstNameKana": j(ctx, "firstNameKana", fk.first_kana_name()),
            "zipCode": j(ctx, "zipCode", zipcode),
            "prefecture": fk.prefecture(),
            "city": j(ctx, "city", fk.city()),
            "address1": j(ctx, "address1", street),
            "address2": j(ctx, "address2", building),
            "tel": j(ctx, "tel", ctx.pick((fk.phone_number(), _zen(fk.phone_number())))),
            "isDefault": ctx.chance(0.5),
        }
        return req(
            "PUT",
            f"/kaimono-ichiba/api/v1/me/addresses/{seg(ctx, 'address', str(rid(ctx)))}",
            headers_for(ctx, ctx.pick(("mobile", "xhr")), content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
            body=dumps(ctx, body),
        )
    if kind == "checkout":
        zipcode, street, building = _ja_address(ctx, fk)
        fields: list[tuple[str, Any]] = [
            ("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
            ("item_id", item),
            ("payment_method", ctx.pick(("konbini", "credit_card", "carrier", "points"))),
            ("konbini", ctx.pick(("seven_eleven", "familymart", "lawson", "ministop"))),
            ("shipping[name]", fk.name()),
            ("shipping[name_kana]", fk.kana_name()),
            ("shipping[zip]", zipcode),
            ("shipping[address]", f"{fk.prefecture()}{fk.city()}{street}"),
            ("shipping[building]", building),
            ("delivery_time", ctx.pick(("指定なし", "午前中", "14時～16時", "19時～21時"))),
            ("note", ctx.pick(("", "不在の場合は宅配ボックスへお願いします。", "置き配OK（玄関前）", "＊簡易包装で構いません＊"))),
        ]
        return req(
            "POST",
            "/kaimono-ichiba/checkout/confirm",
            form_headers(ctx, f"/kaimono-ichiba/item/{item}"),
            body=form(ctx, fields, fixed=("authenticity_token", "item_id")),
        )
    if kind == "photo":
        fields = [
            ("caption", ctx.pick(("正面", "裏面の小キズ（写真３枚目）", "付属品一式", "サイズ比較：500円玉と並べています", ""))),
            ("order", str(ctx.rng.randint(1, 10))),
        ]
        ctype, body2 = multipart(ctx, fields, [empty_file("photo")])
        return req(
            "POST", f"/kaimono-ichiba/api/v1/items/{seg(ctx, 'item', item)}/photos", site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"), body=body2
        )
    r = ctx.rng.random()
    if r < 0.35:
        return req("HEAD", f"/kaimono-ichiba/item/{seg(ctx, 'item', item)}", headers_for(ctx, "nav"))
    if r < 0.65:
        return req("DELETE", f"/kaimono-ichiba/api/v1/me/likes/{seg(ctx, 'item', item)}", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"))
    return preflight(ctx, f"/kaimono-ichiba/api/v1/items/{item}/comments", ("POST", "DELETE"), ("authorization,content-type", "authorization,x-platform"))


# --------------------------------------------------------------------------
# Chinese mini-program: login, moments, shop reviews, transfers, WeChat Pay XML
# --------------------------------------------------------------------------

_ZH_POSTS = (
    "今天天气真好☀️ 和<<name>>去了<<place>>，人超多，排队排了一个小时……",
    "#周末去哪儿# 推荐<<city>>的这家小店，性价比超高！人均¥<<amount>>",
    "【转发抽奖】关注+转发本条，<<month>>月<<day>>日抽3位送【新品礼盒】🎁",
    "终于把毕业论文交了!!! 感谢导师和@<<name>> 的帮助🙏",
    "有没有人知道 SELECT 精选店 几点关门？急！",
    "说好的 union 联名款呢？等了一个月了 -- 还是没货😤",
    '分享一个 Excel 小技巧：=IF(A2>60,"及格","不及格")，亲测有效～',
    "删除了一些旧照片，回忆还在就好。",
    "路过<<city>>，记录一下 📍<<place>>",
    "「只要功夫深，铁杵磨成针」-- 加油打工人💪",
)
_ZH_REVIEWS = (
    "味道不错，就是排队太久了……下次还来！👍",
    "性价比高，五星好评⭐⭐⭐⭐⭐",
    "服务员态度很好，上菜速度快；环境一般般。",
    "<<dish>>太咸了，跟图片不符 -- 差评！",
    "和<<name>>一起来的，点了<<dish>>和奶茶，人均¥<<amount>>，推荐！",
    "停车不方便（地下车库要¥10/小时），其他都OK。",
    "第二次来了，老板记得我们，还送了小菜😄",
    "“招牌菜”名不副实；'招牌'二字请删除。",
    "适合聚餐，包间要提前预约，电话 <<phone>>。",
    "外卖包装很用心，汤没有洒出来 👌",
)
_ZH_DISHES = ("小笼包", "麻辣香锅", "酸菜鱼", "北京烤鸭", "宫保鸡丁", "煲仔饭", "杨枝甘露", "红烧肉")
_ZH_PLACES = ("星巴克(南京西路店)", "西湖·断桥", "三里屯太古里", "外滩观景台", "春熙路IFS", "鼓浪屿", "宽窄巷子")


def _zh_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {
        "name": fk.name(),
        "place": ctx.pick(_ZH_PLACES),
        "city": fk.city(),
        "amount": ctx.rng.randint(20, 400),
        "month": ctx.rng.randint(1, 12),
        "day": ctx.rng.randint(1, 28),
        "dish": ctx.pick(_ZH_DISHES),
        "phone": fk.phone_number(),
    }


def _wx_headers(ctx: Ctx, appid: str, content_type: str | None, token: bool = True) -> list[list[str]]:
    """A request from inside WeChat's mini-program runtime: its UA and servicewechat.com referer, the app's session token and signature headers."""
    build = ctx.pick(("8.0.47(0x18002f2c)", "8.0.49(0x18003137)", "8.0.44(0x18002c2d)"))
    ios = (
        f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{ctx.rng.randint(0, 5)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        f"MicroMessenger/{build} NetType/{ctx.pick(('WIFI', '4G', '5G'))} Language/zh_CN"
    )
    device = ctx.pick(("V2217A", "PGT-AN10", "M2012K11AC", "22081212C"))
    android = (
        f"Mozilla/5.0 (Linux; Android {ctx.rng.randint(11, 14)}; {device} Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
        f"Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/{build.split('(')[0]}.2560(0x28002F30) "
        "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 MiniProgramEnv/android"
    )
    ua = ctx.pick((ios, android))
    h = [["User-Agent", header_slot(ctx, "User-Agent", ua)], ["Referer", f"https://servicewechat.com/{appid}/{ctx.rng.randint(1, 90)}/page-frame.html"]]
    if content_type:
        h.append(["content-type", content_type])
    if token:
        h.append(["X-WX-Token", v.b64url(ctx.rng.randbytes(24))])
    h += [[k, val] for k, val in _sign_headers(ctx, "X-Mp")]
    return h


def _wxpay_xml(ctx: Ctx, fk: Faker, appid: str) -> str:
    """A WeChat Pay (v2) XML message: a unified order from the merchant server, or the payment notification WeChat sends back."""
    total = ctx.rng.randint(1, 99999)
    body = ctx.pick(("鲜花小铺-99朵红玫瑰礼盒", "会员充值-季卡", f"{fk.company()}-订单支付", "奶茶店-杨枝甘露 x2（少冰）", "Select 精选好物-组合装"))
    attach = ctx.pick(("", f"门店:{ctx.pick(_ZH_PLACES)}", f"备注: 生日快乐🎂 -- 给{fk.name()}", '{"coupon":"NEW10","from":"share"}', "自提 & 打包"))
    x = {k: enc_xml(str(ctx.slot("xml", k, val))) for k, val in (("body", body), ("attach", attach))}
    common = (
        f"<appid><![CDATA[{appid}]]></appid><mch_id>{ctx.rng.randrange(10**9, 2 * 10**9)}</mch_id><nonce_str>{v.alnum_token(ctx, 32)}</nonce_str>"
        f"<out_trade_no>{ctx.rng.randrange(10**17, 10**18)}</out_trade_no><total_fee>{total}</total_fee>"
    )
    if ctx.chance(0.5):
        return (
            f"<xml>{common}<body>{x['body']}</body><attach>{x['attach']}</attach><spbill_create_ip>{ctx.fake.ipv4_public()}</spbill_create_ip>"
            f"<notify_url>https://api.{ctx.en.domain_name()}/weixin-mp/pay/notify</notify_url><trade_type>JSAPI</trade_type>"
            f"<openid>o{v.alnum_token(ctx, 27)}</openid>"
            f"<sign_type>MD5</sign_type><sign>{v.hex_token(ctx, 32).upper()}</sign></xml>"
        )
    return (
        f"<xml>{common}<attach>{x['attach']}</attach><bank_type><![CDATA[{ctx.pick(('CMC', 'ICBC_DEBIT', 'OTHERS'))}]]></bank_type><cash_fee>{total}</cash_fee>"
        f"<fee_type><![CDATA[CNY]]></fee_type><is_subscribe>N</is_subscribe><openid>o{v.alnum_token(ctx, 27)}</openid><result_code>SUCCESS</result_code>"
        f"<return_code>SUCCESS</return_code><sign>{v.hex_token(ctx, 32).upper()}</sign><time_end>2024{ctx.rng.randint(1, 12):02d}{ctx.rng.randint(1, 28):02d}"
        f"{ctx.rng.randint(0, 23):02d}{ctx.rng.randint(0, 59):02d}{ctx.rng.randint(0, 59):02d}</time_end><trade_type>JSAPI</trade_type>"
        f"<transaction_id>42000{ctx.rng.randrange(10**22, 10**23)}</transaction_id><detail>{x['body']}</detail></xml>"
    )


@template("train", ("/weixin-mp/",), weight=1.1)
def weixin_miniprogram_social(ctx: Ctx) -> Request:
    """Chinese mini-program backend: wx.login exchange, moments posts, shop reviews (percent-encoded Chinese search), transfers, WeChat Pay XML."""
    fk = _speak(ctx, "zh_CN")
    appid = "wx" + v.hex_token(ctx, 16)
    kind = ctx.pick(("login", "moment", "moment", "reviews", "review", "transfer", "pay", "admin"))
    kw = _zh_kw(ctx, fk)
    if kind == "login":
        if ctx.chance(0.5):
            _escaping_client(ctx)
        raw = dumps(
            ctx,
            {
                "nickName": fk.name(),
                "gender": ctx.rng.randint(0, 2),
                "language": "zh_CN",
                "city": fk.city(),
                "province": fk.province(),
                "country": "China",
                "avatarUrl": f"https://thirdwx.qlogo.cn/mmopen/vi_32/{v.b64url(ctx.rng.randbytes(60))}/132",
            },
        )
        body = {
            "code": j(ctx, "code", v.alnum_token(ctx, 32)),
            "rawData": raw,
            "signature": v.hex_token(ctx, 40),
            "encryptedData": v.b64url(ctx.rng.randbytes(180)),
            "iv": v.b64url(ctx.rng.randbytes(16)),
            "inviteCode": j(ctx, "inviteCode", ctx.pick(("", fk.bothify("??####").upper()))),
            "scene": ctx.pick((1001, 1007, 1011, 1047, 1089)),
        }
        return req("POST", "/weixin-mp/api/auth/login", _wx_headers(ctx, appid, "application/json", token=False), body=dumps(ctx, body))
    if kind == "moment":
        if ctx.chance(0.2):
            return req("DELETE", f"/weixin-mp/api/moments/{seg(ctx, 'moment', str(ctx.rng.randrange(10**15, 10**16)))}", _wx_headers(ctx, appid, None))
        body = {
            "content": j(ctx, "content", _say(ctx, _ZH_POSTS, 1, 2, "\n", **kw)),
            "images": [f"cloud://prod-{v.alnum_token(ctx, 6)}.{v.hex_token(ctx, 8)}/moments/{v.hex_token(ctx, 16)}.jpg" for _ in range(ctx.rng.randint(0, 9))],
            "location": {
                "name": j(ctx, "location.name", f"{fk.city()}·{ctx.pick(_ZH_PLACES)}"),
                "latitude": round(ctx.rng.uniform(22, 40), 6),
                "longitude": round(ctx.rng.uniform(104, 122), 6),
            },
            "visibility": ctx.pick(("public", "friends", "private")),
            "mentions": [j(ctx, "mentions[0]", fk.name())] if ctx.chance(0.3) else [],
        }
        return req("POST", "/weixin-mp/api/moments", _wx_headers(ctx, appid, "application/json"), body=dumps(ctx, body))
    shop = str(ctx.rng.randrange(10**6, 10**8))
    if kind == "reviews":
        pairs: list[tuple[str, Any]] = [
            ("keyword", ctx.pick(("好吃", "排队", "性价比", "停车", ctx.pick(_ZH_DISHES), "服务 态度", "环境"))),
            ("tag", ctx.pick(("", "有图", "好评", "差评"))),
            ("sort", ctx.pick(("latest", "hot"))),
            ("page", ctx.rng.randint(1, 12)),
            ("pageSize", 20),
        ]
        return req("GET", f"/weixin-mp/api/shops/{seg(ctx, 'shop', shop)}/reviews", _wx_headers(ctx, appid, None), qs(ctx, pairs, fixed=("pageSize",)))
    if kind == "review":
        body = {
            "rating": ctx.rng.randint(1, 5),
            "content": j(ctx, "content", _say(ctx, _ZH_REVIEWS, 1, 3, "", **kw)),
            "tags": [
                j(ctx, f"tags[{i}]", t)
                for i, t in enumerate(ctx.rng.sample(["服务好", "环境不错", "上菜快", "分量足", "性价比高", "排队久"], ctx.rng.randint(0, 3)))
            ],
            "anonymous": ctx.chance(0.3),
            "images": [],
            "orderId": str(ctx.rng.randrange(10**17, 10**18)),
        }
        return req("POST", f"/weixin-mp/api/shops/{seg(ctx, 'shop', shop)}/reviews", _wx_headers(ctx, appid, "application/json"), body=dumps(ctx, body))
    if kind == "transfer":
        amount = ctx.pick(("88.88", "66.66", "520.00", "200", "13.14", v.money(ctx, 1, 2000)))
        body = {
            "toOpenid": "o" + v.alnum_token(ctx, 27),
            "amount": amount,
            "currency": "CNY",
            "remark": j(
                ctx, "remark", ctx.pick(("生日快乐🎂 -- 别嫌少哈", f"AA 聚餐 ¥{amount}", "房租（3月）", "还你的钱，谢谢！", f"给{fk.name()}的红包🧧", "转账"))
            ),
            "payPassword": None,
            "clientTs": ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000),
        }
        return req("POST", "/weixin-mp/api/wallet/transfer", _wx_headers(ctx, appid, "application/json"), body=dumps(ctx, body))
    if kind == "pay":
        xml = _wxpay_xml(ctx, fk, appid)
        path = "/weixin-mp/pay/notify" if "<result_code>" in xml else "/weixin-mp/pay/unifiedorder"
        ua = "Mozilla/4.0" if path.endswith("notify") else v.user_agent(ctx, "sdk")
        return req(
            "POST",
            path,
            [["User-Agent", header_slot(ctx, "User-Agent", ua)], ["Content-Type", ctx.pick(("text/xml", "application/xml; charset=UTF-8"))], ["Accept", "*/*"]],
            body=xml,
        )
    if ctx.chance(0.4):
        return preflight(ctx, f"/weixin-mp/admin/api/shops/{shop}/reviews", ("DELETE", "PATCH"), ("authorization,content-type", "authorization"))
    if ctx.chance(0.5):
        body = {
            "status": ctx.pick(("hidden", "visible", "pinned")),
            "reply": j(
                ctx, "reply", ctx.pick(("感谢您的支持，期待再次光临！😊", "抱歉给您带来不好的体验，已联系店长改进。", "亲，停车可以凭小票抵扣2小时哦～", ""))
            ),
        }
        return req(
            "PATCH",
            f"/weixin-mp/admin/api/reviews/{seg(ctx, 'review', str(rid(ctx)))}",
            site_headers(ctx, "xhr", "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    return req(
        "DELETE",
        f"/weixin-mp/admin/api/reviews/{seg(ctx, 'review', str(rid(ctx)))}",
        headers_for(ctx, "xhr", auth="jwt"),
        qs(ctx, [("reason", ctx.pick(("广告", "重复", "违规内容 -- 人身攻击")))]),
    )


# --------------------------------------------------------------------------
# Arabic news site: articles, search, RTL comments, newsletter, reader tips, agency feed
# --------------------------------------------------------------------------

_AR_COMMENTS = (
    "مقال رائع، شكراً للكاتب <<name>> على هذا التحليل الدقيق.",
    "أين المصدر؟ الرقم ١٢٥٠ غير صحيح حسب تقرير وزارة الصحة لعام ٢٠٢٣.",
    "للأسف، الخبر منقول بدون تدقيق؛ الصحيح أن الاجتماع كان يوم <<day>> وليس الأحد.",
    "«لا تعليق» -- هكذا ردّ المتحدث الرسمي، وهذا بحد ذاته تعليق!",
    "سؤال للمحرر: هل سيتم تحديث المقال بعد المؤتمر الصحفي الساعة 5 مساءً؟",
    "نسبة التضخم ٣٫٥٪ وليس 5%... يرجى التصحيح.",
    "اللهم احفظ <<city>> وأهلها 🤲",
    "أتفق مع الأخ <<name>> في تعليقه، لكن الحل ليس في 'الحذف' بل في الحوار.",
    "الاتحاد (Union) الأوروبي أعلن موقفه أمس؛ أين التغطية؟",
    "\u200fتم النشر في <<date>> الساعة ١٠:٣٠ -- والتحديث بعد ساعتين!",
    "هل يمكن اختيار (Select) خط أكبر للقراءة؟ النص صغير جداً على الهاتف.",
    "سعر الدولار اليوم <<rate>> جنيه، أي أن الزيادة أكثر من ٢٠٪؟!",
    "أرجو من إدارة الموقع حذف التعليقات المسيئة -- شكراً.",
    "تحية من <<city>> 🇪🇬🇸🇦",
)
_AR_SEARCH = ("أسعار الذهب اليوم", "نتيجة الثانوية العامة ٢٠٢٤", "كأس العالم", "الطقس في الرياض", "سعر الدولار", "انتخابات", "الدوري المصري", "رمضان كريم")
_AR_CITIES = ("القاهرة", "الرياض", "دبي", "عمّان", "الدار البيضاء", "بيروت", "الإسكندرية", "جدة", "تونس", "الدوحة")
_AR_SECTIONS = (("politics", "سياسة"), ("economy", "اقتصاد"), ("sports", "رياضة"), ("culture", "ثقافة"), ("tech", "تكنولوجيا"))
_AR_HEADLINES = (
    "ارتفاع أسعار الذهب في تعاملات اليوم",
    "الحكومة تعلن خطة جديدة لدعم الشباب",
    "منتخب مصر يتأهل إلى ربع النهائي",
    "افتتاح معرض الكتاب بمشاركة ٤٠ دولة",
    "البنك المركزي يثبت أسعار الفائدة عند ٢٧٫٢٥٪",
    "«الذكاء الاصطناعي» يغيّر سوق العمل في الخليج",
)
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _ar_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    day, month = ctx.rng.randint(1, 28), ctx.rng.randint(1, 12)
    date = ctx.pick((f"{day}/{month}/2024", f"{day}/{month}/2024".translate(_AR_DIGITS)))
    return {
        "name": f"{fk.first_name()} {fk.last_name()}",
        "day": ctx.pick(("الخميس", "الاثنين", "السبت")),
        "city": ctx.pick(_AR_CITIES),
        "date": date,
        "rate": ctx.pick(
            (f"{ctx.rng.randint(30, 50)}.{ctx.rng.randint(10, 99)}", f"{ctx.rng.randint(30, 50)}٫{ctx.rng.randint(10, 99)}".translate(_AR_DIGITS))
        ),
    }


def _ar_slug(ctx: Ctx) -> str:
    return re.sub(r"[^\w]+", "-", ctx.pick(_AR_HEADLINES)).strip("-") + f"-{ctx.rng.randrange(10**6, 10**7)}"


def _newsml(ctx: Ctx, fk: Faker) -> str:
    """An agency story in NewsML-G2 as the wire service pushes it (Arabic headline and body)."""
    city = ctx.pick(_AR_CITIES)
    x = {
        k: enc_xml(str(ctx.slot("xml", k, val)))
        for k, val in (
            ("headline", ctx.pick(_AR_HEADLINES)),
            ("byline", f"{city} - {fk.first_name()} {fk.last_name()}"),
            ("p1", _say(ctx, _AR_COMMENTS[:6], 1, 2, " ", **_ar_kw(ctx, fk))),
            ("p2", ctx.pick(("وأضاف أن «القرار نهائي» ولا رجعة فيه.", fk.sentence(), "المصدر: وكالات -- تحديث ٢"))),
        )
    }
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">\n'
        f"  <header><sent>{v.iso_datetime(ctx)}</sent><sender>{ctx.pick(('mena.example', 'wam.example', 'spa.example'))}</sender></header>\n"
        f'  <itemSet><newsItem guid="urn:newsml:{ctx.en.domain_name()}:{v.iso_date(ctx)}:{v.hex_token(ctx, 12)}"'
        f' version="{ctx.rng.randint(1, 4)}" xml:lang="ar">\n'
        f"    <contentMeta><headline>{x['headline']}</headline><by>{x['byline']}</by><located><name>{enc_xml(city)}</name></located></contentMeta>\n"
        '    <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><body>'
        f"<p>{x['p1']}</p><p>{x['p2']}</p></body></html></inlineXML></contentSet>\n  </newsItem></itemSet>\n</newsMessage>\n"
    )


@template("train", ("/akhbar-today/",), weight=1.1)
def akhbar_news_comments(ctx: Ctx) -> Request:
    """Arabic news site: article pages (Arabic slugs), search, RTL comments with Arabic punctuation and mixed digits,
    newsletter form, reader tips, NewsML ingest, read beacons."""
    fk = _speak(ctx, "ar_AA", label=ctx.pick(("ar_EG", "ar_SA", "ar_AE")))
    kind = ctx.pick(("article", "search", "comment", "comment", "moderate", "newsletter", "tip", "ingest", "beacon"))
    section, section_ar = ctx.pick(_AR_SECTIONS)
    article = str(ctx.rng.randrange(10**6, 10**7))
    kw = _ar_kw(ctx, fk)
    if kind == "article":
        path = f"/akhbar-today/ar/{section}/2024/{ctx.rng.randint(1, 12):02d}/{seg(ctx, 'slug', _ar_slug(ctx))}"
        return req(
            ctx.pick(("GET", "GET", "HEAD")),
            path,
            headers_for(ctx, "nav", referer=ctx.pick((None, "https://www.google.com/", f"{v.site(ctx)}/akhbar-today/ar/{section}"))),
        )
    if kind == "search":
        pairs: list[tuple[str, Any]] = [
            ("q", ctx.pick((ctx.pick(_AR_SEARCH), ctx.pick(_AR_HEADLINES)[:20], fk.last_name()))),
            ("section", section_ar if ctx.chance(0.4) else section),
            ("from", v.iso_date(ctx)),
            ("sort", ctx.pick(("relevance", "date"))),
        ]
        return req("GET", "/akhbar-today/search", headers_for(ctx, ctx.pick(("nav", "xhr"))), qs(ctx, pairs))
    if kind == "comment":
        if ctx.chance(0.3):
            where = {
                "articleId": article,
                "author": ctx.slot("json_query", "filter.author", ctx.pick(("", fk.first_name()))),
                "contains": ctx.slot("json_query", "filter.contains", ctx.pick(("", "مصدر", "تصحيح", "'الحذف'"))),
            }
            q = qs(ctx, [("sort", ctx.pick(("newest", "top"))), ("limit", 50)], fixed=("limit",)) + "&" + json_param(ctx, "filter", where)
            return req("GET", "/akhbar-today/api/comments", headers_for(ctx, "xhr"), q)
        body: dict[str, Any] = {
            "articleId": article,
            "parentId": ctx.pick((None, str(rid(ctx)))),
            "body": j(ctx, "body", _say(ctx, _AR_COMMENTS, 1, 3, " ", **kw)),
            "displayName": j(ctx, "displayName", ctx.pick((kw["name"], f"أبو {fk.first_name()}", "زائر", "Ahmed_" + str(ctx.rng.randint(1, 99))))),
            "dir": "rtl",
            "notifyOnReply": ctx.chance(0.4),
        }
        return req(
            "POST",
            "/akhbar-today/api/comments",
            site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json; charset=utf-8", ctx.pick((None, "jwt"))),
            body=dumps(ctx, body),
        )
    if kind == "moderate":
        comment = str(rid(ctx))
        r = ctx.rng.random()
        if r < 0.35:
            body = {
                "body": j(ctx, "body", _say(ctx, _AR_COMMENTS, 1, 2, " ", **kw)),
                "editReason": j(ctx, "editReason", ctx.pick(("تصحيح إملائي", "typo", ""))),
            }
            return req(
                "PATCH",
                f"/akhbar-today/api/comments/{seg(ctx, 'comment', comment)}",
                site_headers(ctx, "xhr", "application/json", "jwt"),
                body=dumps(ctx, body),
            )
        if r < 0.6:
            return req("DELETE", f"/akhbar-today/api/comments/{seg(ctx, 'comment', comment)}", headers_for(ctx, "xhr", auth="jwt"))
        if r < 0.8:
            fields: list[tuple[str, Any]] = [
                ("_token", v.alnum_token(ctx, 40)),
                ("reason", ctx.pick(("spam", "abuse", "off_topic"))),
                ("details", ctx.pick(("", "تعليق مسيء؛ يرجى الحذف.", "إعلان -- رابط مشبوه", "خطاب كراهية"))),
            ]
            return req(
                "POST",
                f"/akhbar-today/comments/{comment}/report",
                form_headers(ctx, f"/akhbar-today/ar/{section}/{article}"),
                body=form(ctx, fields, fixed=("_token",)),
            )
        return preflight(ctx, f"/akhbar-today/api/comments/{comment}", ("PATCH", "DELETE"), ("authorization,content-type", "authorization"))
    if kind == "newsletter":
        fields = [("_token", v.alnum_token(ctx, 40)), ("name", kw["name"]), ("email", ctx.fake.email()), ("city", ctx.pick(_AR_CITIES))]
        fields += [("topics[]", t) for t in ctx.rng.sample([s[1] for s in _AR_SECTIONS], ctx.rng.randint(1, 3))]
        return req("POST", "/akhbar-today/newsletter/subscribe", form_headers(ctx, "/akhbar-today/ar"), body=form(ctx, fields, fixed=("_token",)))
    if kind == "tip":
        fields = [
            ("title", ctx.pick(("حريق في مستودع قرب الطريق الدائري", "انقطاع المياه منذ ٣ أيام", f"حفرة خطيرة في شارع {fk.last_name()}"))),
            ("description", _say(ctx, _AR_COMMENTS, 1, 2, "\n", **kw)),
            ("location", f"{ctx.pick(_AR_CITIES)} - {ctx.pick(('حي النزهة', 'شارع التحرير', 'المعادي'))}"),
            ("contact", ctx.pick(("", fk.phone_number(), ctx.fake.email()))),
            ("anonymous", ctx.pick(("1", "0"))),
        ]
        ctype, body2 = multipart(ctx, fields, [empty_file("media")])
        return req("POST", "/akhbar-today/tips", form_headers(ctx, "/akhbar-today/tips/new", ctype), body=body2)
    if kind == "ingest":
        return req(
            "POST",
            "/akhbar-today/ingest/newsml",
            headers_for(ctx, "sdk", content_type="application/vnd.iptc.g2.newsitem+xml", auth="basic"),
            body=_newsml(ctx, fk),
        )
    body = {
        "articleId": article,
        "section": section,
        "readPct": ctx.pick((25, 50, 75, 100)),
        "ref": j(ctx, "ref", ctx.pick(("", "https://t.co/" + v.alnum_token(ctx, 10), section_ar))),
    }
    return req(
        "POST", "/akhbar-today/metrics/read", headers_for(ctx, "xhr", content_type="text/plain;charset=UTF-8", origin=v.site(ctx)), body=dumps(ctx, body)
    )


# --------------------------------------------------------------------------
# Russian forum: replies in BBCode, search (UTF-8 and legacy cp1251 links), PMs, edits, signatures
# --------------------------------------------------------------------------

_RU_TOPICS = (
    "Не работает nginx после обновления",
    "Помогите выбрать видеокарту до 30 000 ₽",
    "1С: медленный запрос к регистру",
    "Пропал звук после апдейта Windows",
    "Продам б/у ноутбук ThinkPad",
    "Как удалить старые бэкапы?",
    "Вопрос по SQL: выборка за месяц",
    "Ошибка «Доступ запрещён» в общей папке",
)
_RU_POSTS = (
    (
        '[quote="<<user>>"]<<quoted>>[/quote]\nПопробуй так:\n'
        '[code]sudo systemctl restart nginx && journalctl -u nginx --since "10 min ago"[/code]\nУ меня помогло.'
    ),
    "[b]Внимание![/b] Тема закрыта -- см. [url=<<url>>]правила раздела[/url].",
    "Запрос выполняется минут пять:\n[code]SELECT id, login FROM users WHERE last_visit < '2024-01-01' ORDER BY id;[/code]\nКак ускорить? Индекс есть.",
    "В 1С выборка такая:\n[code]ВЫБРАТЬ Номенклатура.Наименование ИЗ Справочник.Номенклатура КАК Номенклатура ГДЕ НЕ Номенклатура.ПометкаУдаления[/code]",
    "Ребята, кто сталкивался? После апдейта пропал звук :( Драйвера переставлял -- без толку.",
    "[color=red]Модератор:[/color] не создавайте дубли, пишите в тему «<<topic>>».",
    "Продам, цена <<price>> ₽, торг уместен. Пишите в ЛС или на <<email>>.",
    "Ёлки-палки, опять «удалить всё»?! Бэкап сначала сделайте.",
    "[list]\n[*]Проверил кабель\n[*]Переустановил драйвер\n[*]Откатил обновление KB<<kb>>\n[/list]\nНичего не помогло.",
    "[spoiler=Лог]<<log>>[/spoiler]",
    "<<user>>, спасибо! Заработало 👍",
    "Конфиг:\n[code]server {\n    listen 80;\n    server_name <<host>>;\n    location / { proxy_pass http://127.0.0.1:8080; }\n}[/code]",
    "Путь к файлу: C:\\Users\\<<user>>\\AppData\\Local\\Temp -- там и лежит лог.",
    "[i]Offtop:[/i] а кто в <<city>> на сходку идёт? :)",
)
_RU_SEARCH = ("nginx 502", "видеокарта", "1С регистр", "удалить бэкап", "звук пропал", "SELECT за месяц", "ThinkPad", "доступ запрещён")


def _ru_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {
        "user": fk.user_name(),
        "quoted": fk.sentence(),
        "url": f"https://{ctx.en.domain_name()}/forum-rus/viewtopic.php?t={ctx.rng.randint(1, 90000)}",
        "topic": ctx.pick(_RU_TOPICS),
        "price": f"{ctx.rng.randint(2, 90)} 000",
        "email": fk.email(),
        "kb": ctx.rng.randrange(5000000, 5100000),
        "host": ctx.en.domain_name(),
        "city": fk.city(),
        "log": f"{v.iso_datetime(ctx)} [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream",
    }


@template("train", ("/forum-rus/",), weight=1.1)
def rus_forum_bbcode(ctx: Ctx) -> Request:
    """Russian phpBB-style forum: BBCode replies (form), search and topic links (UTF-8 or legacy cp1251), PMs and edits
    over XHR, signature and avatar uploads."""
    fk = _speak(ctx, "ru_RU")
    kind = ctx.pick(("reply", "reply", "search", "topic", "pm", "edit", "profile"))
    topic, forum = ctx.rng.randint(1, 90000), ctx.rng.randint(1, 60)
    kw = _ru_kw(ctx, fk)
    if kind == "reply":
        fields: list[tuple[str, Any]] = [
            ("subject", "Re: " + ctx.pick(_RU_TOPICS)),
            ("message", _say(ctx, _RU_POSTS, 1, 3, "\n\n", **kw)),
            ("attach_sig", "on"),
            ("topic_cur_post_id", str(rid(ctx))),
            ("lastclick", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))),
            ("creation_time", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))),
            ("form_token", v.hex_token(ctx, 40)),
            ("post", "Отправить"),
        ]
        q = qs(ctx, [("mode", "reply"), ("f", forum), ("t", topic)], fixed=("mode", "f", "t"))
        return req(
            "POST",
            "/forum-rus/posting.php",
            form_headers(ctx, f"/forum-rus/posting.php?mode=reply&f={forum}&t={topic}"),
            q,
            body=form(ctx, fields, fixed=("attach_sig", "topic_cur_post_id", "lastclick", "creation_time", "form_token", "post")),
        )
    if kind == "search":
        words = ctx.pick((ctx.pick(_RU_SEARCH), fk.word() + " " + fk.word(), ctx.pick(_RU_TOPICS)))
        if ctx.chance(0.25):  # an old bookmarked link: windows-1251 bytes, as the forum's first engine encoded them
            q = f"keywords={urllib.parse.quote_plus(words, encoding='cp1251', errors='xmlcharrefreplace')}&terms=all&sr=topics"
            return req("GET", "/forum-rus/search.php", headers_for(ctx, "nav"), q)
        pairs: list[tuple[str, Any]] = [
            ("keywords", words),
            ("terms", ctx.pick(("all", "any"))),
            ("author", ctx.pick(("", fk.user_name()))),
            ("fid[]", forum),
            ("sf", ctx.pick(("all", "titleonly", "msgonly"))),
            ("sr", ctx.pick(("posts", "topics"))),
            ("sk", "t"),
            ("sd", "d"),
        ]
        return req("GET", "/forum-rus/search.php", headers_for(ctx, "nav"), qs(ctx, pairs, fixed=("sk", "sd")))
    if kind == "topic":
        pairs = [("t", topic), ("start", ctx.pick((0, 15, 30, 45))), ("hilit", ctx.pick(("", ctx.pick(_RU_SEARCH))))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/forum-rus/viewtopic.php", headers_for(ctx, "nav"), qs(ctx, pairs, fixed=("t", "start")))
    if kind == "pm":
        body: dict[str, Any] = {
            "to": [j(ctx, "to[0]", fk.user_name())],
            "subject": j(ctx, "subject", ctx.pick(("По поводу объявления", "Re: " + ctx.pick(_RU_TOPICS), "Вопрос"))),
            "message": j(ctx, "message", _say(ctx, _RU_POSTS, 1, 2, "\n", **kw)),
            "bbcode": True,
            "smilies": ctx.chance(0.7),
        }
        return req("POST", "/forum-rus/api/pm", site_headers(ctx, "xhr", "application/json", None, cookies=True), body=dumps(ctx, body))
    if kind == "edit":
        post = str(rid(ctx))
        if ctx.chance(0.6):
            body = {
                "message": j(ctx, "message", _say(ctx, _RU_POSTS, 1, 2, "\n\n", **kw)),
                "edit_reason": j(ctx, "edit_reason", ctx.pick(("опечатка", "добавил лог", "[b]upd[/b]", ""))),
            }
            return req(
                "PATCH",
                f"/forum-rus/api/posts/{seg(ctx, 'post', post)}",
                site_headers(ctx, "xhr", "application/json", None, cookies=True),
                body=dumps(ctx, body),
            )
        if ctx.chance(0.7):
            return req(
                "DELETE",
                f"/forum-rus/api/posts/{seg(ctx, 'post', post)}",
                headers_for(ctx, "xhr", cookies=True),
                qs(ctx, [("reason", ctx.pick(("дубль", "флуд", "по просьбе автора", "реклама -- бан")))]),
            )
        return preflight(ctx, f"/forum-rus/api/posts/{post}", ("PATCH", "DELETE"), ("content-type", "content-type,x-requested-with"))
    sig = ctx.pick(
        (
            f"[i]С уважением, {fk.first_name()}[/i]",
            f"[url={ctx.en.url()}]мой блог[/url] | ICQ давно нет :)",
            "-- \nСисадмин -- это не профессия, это диагноз.",
            "[size=85]Linux -- это свобода, Windows -- это окна.[/size]",
            "",
        )
    )
    fields = [
        ("signature", sig),
        ("location", fk.city()),
        ("interests", ctx.pick(("рыбалка, Linux, 1С", "программирование; C++ & Python", ""))),
        ("creation_time", str(ctx.rng.randrange(1_700_000_000, 1_760_000_000))),
    ]
    ctype, body2 = multipart(ctx, fields, [empty_file("avatar_upload_file")])
    return req(
        "POST",
        "/forum-rus/ucp.php",
        form_headers(ctx, "/forum-rus/ucp.php?i=ucp_profile&mode=signature", ctype),
        qs(ctx, [("i", "ucp_profile"), ("mode", "signature")], fixed=("i", "mode")),
        body=body2,
    )


# --------------------------------------------------------------------------
# Korean portal: search, autocomplete, Q&A questions and answers, GraphQL feed
# --------------------------------------------------------------------------

_KO_QUESTIONS = (
    "엑셀에서 =VLOOKUP(A2,시트2!A:B,2,FALSE) 쓰면 #N/A 가 떠요 ㅠㅠ 왜 그런가요?",
    "MySQL 질문입니다. 쿼리: SELECT 이름, 가입일 FROM 회원 WHERE 가입일 >= '2024-01-01' AND 등급 = 'VIP'; 결과가 0건이에요.",
    'C++ 에서 cout << "안녕" << endl; 하면 한글이 깨져요. 인코딩 문제인가요?',
    "<<city>> 근처 맛집 추천 좀 해주세요~ 2명이고 예산은 5만원 정도입니다 :)",
    "아이폰 15 vs 갤럭시 S24 뭐가 나을까요?? 내공 <<points>> 겁니다",
    "중2 수학 문제인데요 (x+3)(x-2) > 0 풀이 부탁드려요",
    "HTML에서 <br> 태그랑 <p> 태그 차이가 뭔가요?",
    "부모님 선물로 '정관장' 홍삼 괜찮을까요? 10만원 이하로요.",
    "회사 그만두려는데 퇴직금 계산 어떻게 하나요? 1년 3개월 다녔습니다 -- 급해요!",
    "자취방 곰팡이 제거 방법 ㅠㅠ 락스 써도 되나요?",
    "파이썬 for 문에서 리스트 삭제(delete)하면 인덱스가 꼬여요. del lst[i] 대신 뭘 써야 하나요?",
    "<<name>>님이 추천해주신 책 제목이 뭐였죠? 'union'으로 시작했던 것 같은데...",
)
_KO_ANSWERS = (
    "안녕하세요, 답변드립니다. -- 결론부터 말씀드리면 범위를 절대참조($A$1:$B$100)로 바꾸시면 됩니다.",
    "쿼리에 날짜 형식이 문자열이라 그래요. STR_TO_DATE 로 변환해 보세요.",
    '저도 같은 문제 있었는데 setlocale(LC_ALL, ""); 추가하니까 해결됐어요 ㅎㅎ',
    "강남역 11번 출구 쪽 '<<name>>네 국밥' 추천합니다 👍",
    "채택 부탁드려요~ 🙏",
    "리스트 컴프리헨션 쓰세요: [x for x in lst if x != 0]",
    "<br>은 줄바꿈, <p>는 문단입니다. 자세한 건 MDN 참고하세요.",
    "전문가 답변: 근로기준법상 1년 이상 근무 시 지급 대상입니다.",
)
_KO_SEARCH = (
    "날씨",
    "로또 당첨번호",
    "환율",
    "맛집 추천",
    "엑셀 VLOOKUP",
    "파이썬 리스트 삭제",
    "아이폰 15 가격",
    "서울 지하철 노선도",
    "select 문 where",
    "c++ 한글 깨짐",
)
_GQL_KIN = (
    "query KinSearch($keyword: String!, $dirId: Int, $page: Int = 1) {\n  kinSearch(keyword: $keyword, dirId: $dirId, page: $page) {\n"
    "    total\n    items { docId title previewText answerCount adopted writer { nickname level } }\n  }\n}"
)


def _ko_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {"city": ctx.pick(("강남역", "홍대입구", "부산 서면", fk.city())), "points": ctx.pick((10, 50, 100, 200)), "name": fk.name()}


@template("train", ("/jisik-portal/",), weight=1.1)
def jisik_portal_search_qa(ctx: Ctx) -> Request:
    """Korean portal: web search and autocomplete (percent-encoded Hangul), Q&A questions with pasted formulas and SQL,
    answers with images, adoption, GraphQL search."""
    fk = _speak(ctx, "ko_KR")
    kind = ctx.pick(("search", "search", "ac", "question", "answer", "adopt", "graphql", "misc"))
    doc = str(ctx.rng.randrange(10**8, 10**9))
    kw = _ko_kw(ctx, fk)
    words = ctx.pick((ctx.pick(_KO_SEARCH), fk.city() + " 날씨", fk.name(), ctx.pick(_KO_QUESTIONS)[:18]))
    if kind == "search":
        pairs: list[tuple[str, Any]] = [
            ("where", ctx.pick(("nexearch", "kin", "news", "image"))),
            ("sm", ctx.pick(("top_hty", "tab_jum", "top_sug.pre"))),
            ("fbm", 0),
            ("ie", "utf8"),
            ("query", words),
        ]
        referer = v.site(ctx) + "/jisik-portal/search?query=" + urllib.parse.quote(ctx.pick(_KO_SEARCH)) if ctx.chance(0.5) else None
        return req("GET", "/jisik-portal/search", headers_for(ctx, ctx.pick(("nav", "nav", "mobile")), referer=referer), qs(ctx, pairs, fixed=("fbm", "ie")))
    if kind == "ac":
        pairs = [
            ("q", words[: ctx.rng.randint(1, max(1, len(words)))]),
            ("con", 1),
            ("frm", "nv"),
            ("ans", 2),
            ("r_format", "json"),
            ("r_enc", "UTF-8"),
            ("q_enc", "UTF-8"),
            ("st", 100),
        ]
        return req("GET", "/jisik-portal/ac", headers_for(ctx, "xhr"), qs(ctx, pairs, fixed=("con", "frm", "ans", "r_format", "r_enc", "q_enc", "st")))
    if kind == "question":
        title = ctx.pick(_KO_QUESTIONS)
        body: dict[str, Any] = {
            "title": j(ctx, "title", title[:40]),
            "contents": j(ctx, "contents", _say(ctx, _KO_QUESTIONS, 1, 2, "\n\n", **kw)),
            "dirId": ctx.pick((1, 10401, 20101, 70104)),
            "kinPoint": kw["points"],
            "isSecret": ctx.chance(0.1),
            "tags": [
                j(ctx, f"tags[{i}]", t)
                for i, t in enumerate(ctx.rng.sample(["엑셀", "MySQL", "C++", "맛집", "수학", "파이썬", "HTML", "노동법"], ctx.rng.randint(0, 3)))
            ],
        }
        return req(
            "POST",
            "/jisik-portal/qna/api/questions",
            site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json;charset=UTF-8", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "answer":
        fields = [
            ("contents", _say(ctx, _KO_ANSWERS, 1, 3, "\n", **kw)),
            ("source", ctx.pick(("", "https://developer.mozilla.org/ko/", "직접 경험", "국가법령정보센터"))),
            ("agreeTerms", "Y"),
        ]
        ctype, body2 = multipart(ctx, fields, [empty_file("image")])
        return req("POST", f"/jisik-portal/qna/api/questions/{seg(ctx, 'question', doc)}/answers", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "adopt":
        body = {
            "answerId": str(rid(ctx)),
            "comment": j(ctx, "comment", ctx.pick(("감사합니다! 덕분에 해결했어요 ㅎㅎ", "정확한 답변 감사드려요 👍", "내공 드립니다~", ""))),
        }
        return req(
            "PATCH",
            f"/jisik-portal/qna/api/questions/{seg(ctx, 'question', doc)}/adoption",
            site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"),
            body=dumps(ctx, body),
        )
    if kind == "graphql":
        gql = {
            "operationName": "KinSearch",
            "query": _GQL_KIN,
            "variables": {"keyword": j(ctx, "keyword", words), "dirId": ctx.pick((None, 1, 10401)), "page": ctx.rng.randint(1, 5)},
        }
        return req(
            "POST",
            "/jisik-portal/graphql",
            headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", accept="application/json", origin=v.site(ctx)),
            body=dumps(ctx, gql),
        )
    r = ctx.rng.random()
    if r < 0.5:
        return req("DELETE", f"/jisik-portal/qna/api/questions/{seg(ctx, 'question', doc)}", headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"))
    if r < 0.75:
        return req("HEAD", f"/jisik-portal/qna/{seg(ctx, 'question', doc)}", headers_for(ctx, "nav"))
    return preflight(ctx, f"/jisik-portal/qna/api/questions/{doc}/answers", ("POST", "DELETE", "PATCH"), ("authorization,content-type", "authorization"))


# --------------------------------------------------------------------------
# Indian government services portal: certificate applications, tracking, documents, grievances, e-District XML
# --------------------------------------------------------------------------

_HI_GRIEVANCES = (
    "मेरा आवेदन <<days>> दिन से लंबित है, कृपया स्थिति बताएं। Application No. <<app>>",
    "राशन कार्ड में नाम की spelling गलत है -- 'Ramesh' की जगह 'Rmesh' लिखा है।",
    "बिजली का बिल ₹ 4,560 आया है जबकि मीटर रीडिंग सिर्फ़ 120 यूनिट है!",
    "पेंशन की किस्त जनवरी से नहीं आई; बैंक खाता IFSC SBIN000<<ifsc>> सही है।",
    "Income certificate required for scholarship (NSP) -- last date 31/10.",
    "ग्राम पंचायत <<village>> में सड़क टूटी हुई है; select करने पर भी ब्लॉक का नाम नहीं दिख रहा।",
    "कृपया मेरा mobile number update करें: पुराना 98XXXXXX21, नया <<phone>>",
    "Aadhaar seeding pending since 2 months; DBT नहीं आ रहा। UID: XXXX XXXX <<last4>>",
    "S/o <<father>>, H.No. <<house>> -- पता सही करें, PIN <<pin>> है 1 नहीं।",
    "Portal पर 'Submit' दबाने पर error आता है -- कृपया देखें।🙏",
)
_IN_VILLAGES = ("रामपुर", "सीतापुर", "बड़ागांव", "Khanpur Kalan", "Devgarh", "नयागांव", "Chandpur")
_IN_DISTRICTS = (
    ("Lucknow", "लखनऊ", "226"),
    ("Varanasi", "वाराणसी", "221"),
    ("Jaipur", "जयपुर", "302"),
    ("Patna", "पटना", "800"),
    ("Bhopal", "भोपाल", "462"),
    ("Dehradun", "देहरादून", "248"),
)


def _in_kw(ctx: Ctx, hi: Faker, pin: str, app: str) -> dict[str, Any]:
    return {
        "days": ctx.rng.randint(15, 120),
        "app": app,
        "ifsc": ctx.rng.randrange(1000, 9999),
        "village": ctx.pick(_IN_VILLAGES),
        "phone": f"9{ctx.rng.randrange(10**8, 10**9)}",
        "last4": ctx.rng.randrange(1000, 9999),
        "father": hi.name(),
        "house": _in_house(ctx),
        "pin": pin,
    }


def _in_house(ctx: Ctx) -> str:
    a, b = ctx.rng.randint(1, 400), ctx.rng.randint(1, 30)
    return ctx.pick((f"H.No. {a}/{b}", f"H.No. {a}-{b}/2A", f"{a}, Ward No. {b}", f"मकान नं. {a}", f"#{a}, {b}th Cross", f"Plot No. {a}, Sector {b}"))


def _aadhaar(ctx: Ctx) -> str:
    last4 = ctx.rng.randrange(1000, 9999)
    return ctx.pick((f"XXXX XXXX {last4}", f"XXXX-XXXX-{last4}", f"xxxxxxxx{last4}", f"********{last4}"))


def _edistrict_xml(ctx: Ctx, hi: Faker, en: Faker, district: tuple[str, str, str], pin: str, app: str) -> str:
    """A state e-District service request as a CSC operator's software pushes it."""
    x = {
        k: enc_xml(str(ctx.slot("xml", k, val)))
        for k, val in (
            ("NameEn", en.name()),
            ("NameHi", hi.name()),
            ("Relation", hi.name()),
            ("Line1", f"{_in_house(ctx)}, {ctx.pick(('Gali No. 3', 'मोहल्ला पुराना बाज़ार', 'Near Hanuman Mandir'))}"),
            ("Purpose", ctx.pick(("छात्रवृत्ति हेतु (scholarship)", "Bank loan / KCC", "नौकरी आवेदन -- सरकारी", "Admission in ITI"))),
        )
    }
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ApplicationData xmlns="urn:edistrict:service:v2" serviceCode="{ctx.pick(("INC01", "CST02", "RES03"))}"'
        f' stateCode="{ctx.rng.randint(1, 36):02d}" applicationNo="{app}">\n'
        f"  <Applicant><NameEn>{x['NameEn']}</NameEn><NameHi>{x['NameHi']}</NameHi>"
        f'<Relation type="{ctx.pick(("S/o", "D/o", "W/o"))}">{x["Relation"]}</Relation>'
        f'<Aadhaar masked="true">{_aadhaar(ctx)}</Aadhaar><Mobile>+91-{ctx.rng.randrange(6 * 10**9, 10**10)}</Mobile></Applicant>\n'
        f"  <Address><Line1>{x['Line1']}</Line1><Village>{enc_xml(ctx.pick(_IN_VILLAGES))}</Village><Tehsil>{enc_xml(district[1])} सदर</Tehsil>"
        f"<District>{enc_xml(district[0])}</District><PinCode>{pin}</PinCode></Address>\n"
        f'  <Income currency="INR">{ctx.rng.randint(30, 800) * 1000}</Income>\n  <Purpose>{x["Purpose"]}</Purpose>\n'
        f'  <Operator cscId="{ctx.rng.randrange(10**11, 10**12)}" submittedAt="{v.iso_datetime(ctx)}"/>\n</ApplicationData>\n'
    )


@template("train", ("/jansewa-gov/",), weight=1.1)
def jansewa_citizen_services(ctx: Ctx) -> Request:
    """Indian citizen services portal: bilingual certificate applications (form), status tracking, document uploads,
    grievances from the mobile app, e-District XML pushes."""
    hi = _speak(ctx, "hi_IN", share=0.6)
    en = v.faker_for("en_IN")
    en.seed_instance(ctx.rng.getrandbits(48))
    if ctx.locale != "hi_IN" and ctx.chance(0.6):
        ctx.locale, ctx.fake = "en_IN", en
    district = ctx.pick(_IN_DISTRICTS)
    pin = f"{district[2]}{ctx.rng.randint(0, 999):03d}"
    app = f"{ctx.pick(('IC', 'CC', 'RC', 'DC'))}/{ctx.rng.randint(2023, 2025)}/{ctx.pick(('UP', 'RJ', 'BR', 'MP', 'UK'))}/{ctx.rng.randrange(10**6, 10**7):07d}"
    kw = _in_kw(ctx, hi, pin, app)
    kind = ctx.pick(("apply", "apply", "track", "document", "grievance", "edistrict", "profile", "misc"))
    if kind == "apply":
        fields: list[tuple[str, Any]] = [
            ("__RequestVerificationToken", v.b64url(ctx.rng.randbytes(48))),
            ("applicant_name_en", en.name()),
            ("applicant_name_hi", hi.name()),
            ("relation", ctx.pick(("S/o", "D/o", "W/o", "C/o"))),
            ("guardian_name", ctx.pick((hi.name(), en.name()))),
            ("dob", f"{ctx.rng.randint(1, 28):02d}/{ctx.rng.randint(1, 12):02d}/{ctx.rng.randint(1950, 2008)}"),
            ("gender", ctx.pick(("M", "F", "T"))),
            ("aadhaar", _aadhaar(ctx)),
            ("mobile", f"{ctx.pick(('', '+91 ', '0'))}{ctx.rng.randrange(6 * 10**9, 10**10)}"),
            ("address_line", f"{_in_house(ctx)}, {ctx.pick(('वार्ड नं. 7', 'Near Govt. School', 'Gali No. 2', 'ग्राम ' + ctx.pick(_IN_VILLAGES)))}"),
            ("village", ctx.pick(_IN_VILLAGES)),
            ("tehsil", district[1]),
            ("district", district[0]),
            ("pincode", pin),
            ("annual_income", ctx.pick((f"₹ {ctx.rng.randint(1, 9)},{ctx.rng.randint(10, 99)},000", str(ctx.rng.randint(30, 900) * 1000), "1.2 lakh"))),
            ("purpose", ctx.pick(("छात्रवृत्ति के लिए", "For scholarship (NSP) -- urgent", "बैंक ऋण हेतु", "Govt. job application / सरकारी नौकरी"))),
            ("declaration", "on"),
        ]
        return req(
            "POST",
            f"/jansewa-gov/services/{ctx.pick(('income-certificate', 'caste-certificate', 'residence-certificate'))}/apply",
            form_headers(ctx, "/jansewa-gov/services"),
            body=form(ctx, fields, fixed=("__RequestVerificationToken", "declaration")),
        )
    if kind == "track":
        pairs: list[tuple[str, Any]] = [
            ("application_no", app),
            ("dob", f"{ctx.rng.randint(1, 28):02d}/{ctx.rng.randint(1, 12):02d}/{ctx.rng.randint(1950, 2008)}"),
            ("lang", ctx.pick(("hi", "en"))),
        ]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/jansewa-gov/track", headers_for(ctx, ctx.pick(("nav", "mobile"))), qs(ctx, pairs, fixed=("lang",)))
    if kind == "document":
        fields = [
            ("doc_type", ctx.pick(("ration_card", "aadhaar_masked", "income_affidavit", "photo"))),
            ("remarks", ctx.pick(("", "स्व-प्रमाणित प्रति (self-attested)", "Page 2 of 2", kw["house"]))),
        ]
        pdf = f"%PDF-1.4\n% {app}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
        ctype, body = multipart(ctx, fields, [("file", ctx.pick(("ration_card.pdf", "scan0001.pdf", "शपथ पत्र.pdf")), "application/pdf", pdf)])
        return req(
            "POST",
            f"/jansewa-gov/api/v1/applications/{seg(ctx, 'application', app.replace('/', '-'))}/documents",
            site_headers(ctx, "xhr", ctype, "jwt"),
            body=body,
        )
    if kind == "grievance":
        if ctx.chance(0.4):
            _escaping_client(ctx)
        body2: dict[str, Any] = {
            "category": ctx.pick(("ELECTRICITY", "RATION", "PENSION", "ROADS", "CERTIFICATE")),
            "subject": j(ctx, "subject", ctx.pick(("आवेदन लंबित", "Wrong name in ration card", "पेंशन नहीं मिली", "सड़क मरम्मत"))),
            "description": j(ctx, "description", _say(ctx, _HI_GRIEVANCES, 1, 3, " ", **kw)),
            "district": district[0],
            "pincode": j(ctx, "pincode", pin),
            "contact": {"name": j(ctx, "contact.name", ctx.pick((hi.name(), en.name()))), "mobile": f"+91{ctx.rng.randrange(6 * 10**9, 10**10)}"},
            "language": ctx.pick(("hi", "en")),
        }
        return req(
            "POST",
            "/jansewa-gov/api/v1/grievances",
            headers_for(ctx, "mobile", content_type="application/json", auth="jwt", extra=(("X-Api-Key", v.alnum_token(ctx, 32)),)),
            body=dumps(ctx, body2),
        )
    if kind == "edistrict":
        return req(
            "POST",
            "/jansewa-gov/edistrict/push",
            headers_for(ctx, "sdk", content_type="application/xml; charset=utf-8", auth="basic"),
            body=_edistrict_xml(ctx, hi, en, district, pin, app),
        )
    if kind == "profile":
        body2 = {
            "nameEn": j(ctx, "nameEn", en.name()),
            "nameHi": j(ctx, "nameHi", hi.name()),
            "email": ctx.fake.email(),
            "address": {"line1": j(ctx, "address.line1", kw["house"]), "pincode": pin, "district": district[0]},
            "preferredLanguage": ctx.pick(("hi", "en")),
        }
        return req(
            "PUT",
            "/jansewa-gov/api/v1/profile",
            headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", extra=(("If-Match", f'W/"{ctx.rng.randint(1, 30)}"'),)),
            body=dumps(ctx, body2),
        )
    if ctx.chance(0.5):
        return req("DELETE", f"/jansewa-gov/api/v1/drafts/{seg(ctx, 'draft', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/jansewa-gov/api/v1/profile", ("PUT", "DELETE"), ("authorization,content-type,if-match", "authorization"))


# --------------------------------------------------------------------------
# Turkish classifieds: search, listings priced in TL, messages to sellers, photos, price edits
# --------------------------------------------------------------------------

_TR_TITLES = (
    "Sahibinden temiz 2015 Fiat Eğea 1.3 Multijet",
    "Kadıköy Caferağa'da 2+1 kiralık daire",
    "İkinci el çamaşır makinesi -- az kullanılmış",
    "Öğrenciye uygun eşyalı stüdyo",
    "SELECT paket Renault Clio, hatasız boyasız",
    "Acil satılık iPhone 13 128 GB (garantili)",
    "Şişli'de devren kafe -- müşteri portföyü hazır",
    "Çocuk bisikleti 20 jant, ışıklı",
)
_TR_DESC = (
    "Sahibinden temiz aile aracı -- hatasız, boyasız, tramer kaydı yok. Takas olmaz!",
    "Fiyat: <<price>> TL (pazarlık payı var). Ciddi alıcılar arasın; 'son fiyat?' yazanlara dönüş yapılmaz.",
    "İLANDAKİ FİYAT SABİTTİR. Kapora ile satış yoktur.",
    "Eşyalar ev taşıma nedeniyle satılıktır; <<district>>'den elden teslim.",
    "Kombi 3 yıllık, faturası mevcut. Ağır hasar kayıtlı değildir.",
    "Select paket, cam tavan, 1.6 dizel -- yakıt 100 km'de 5,2 lt.",
    "Öğrenciye uygun daire; aidat <<dues>> ₺, depozito 2 kira. Evcil hayvan kabul edilmez.",
    "Aracı görmek için <<name>> Bey'i arayınız: <<phone>>",
    "Ekspertiz raporu mevcuttur -- %100 orijinal.",
    "Işıklar, sinyaller, ön düzen sorunsuz; ufak çizikler var (fotoğraflarda görünüyor).",
)
_TR_MESSAGES = (
    "Merhaba, ilan hâlâ güncel mi?",
    "Takas düşünür müsünüz? Elimde 2018 model Doğan var.",
    "Son fiyat ne olur? <<price>> TL'ye verir misiniz?",
    "Yarın akşam 19:00'da görmeye gelebilir miyim? <<district>>'deyim.",
    "Kargo ile gönderim var mı? Ödeme 'güvenli ödeme' ile olsun.",
    "Aidata ısınma dahil mi? Kaçıncı kat?",
)
_TR_DISTRICTS = ("Kadıköy", "Şişli", "Çankaya", "Karşıyaka", "Nilüfer", "Üsküdar", "Beşiktaş", "Muratpaşa")
_TR_CITIES = (("İstanbul", 34), ("Ankara", 6), ("İzmir", 35), ("Bursa", 16), ("Antalya", 7), ("Eskişehir", 26))


def _tl(ctx: Ctx) -> str:
    n = ctx.rng.randint(1, 4000) * 250
    text = f"{n:,}".replace(",", ".")
    return ctx.pick((f"{text} TL", f"{text} ₺", f"₺{text}", f"{text},00 TL", text))


def _tr_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {
        "price": _tl(ctx).split(" ")[0].lstrip("₺"),
        "district": ctx.pick(_TR_DISTRICTS),
        "dues": ctx.rng.randint(3, 30) * 50,
        "name": fk.last_name(),
        "phone": f"0 (5{ctx.rng.randint(30, 59)}) {ctx.rng.randint(100, 999)} {ctx.rng.randint(10, 99)} {ctx.rng.randint(10, 99)}",
    }


@template("train", ("/ilan-pazari/",), weight=1.1)
def ilan_pazari_classifieds(ctx: Ctx) -> Request:
    """Turkish classifieds: search (Turkish letters percent-encoded), listings with TL prices, messages to sellers (form),
    photos, price edits, JSON filters in the query."""
    fk = _speak(ctx, "tr_TR")
    kind = ctx.pick(("search", "search", "listing", "message", "photo", "edit", "filter", "misc"))
    listing = str(ctx.rng.randrange(10**9, 2 * 10**9))
    city, plate = ctx.pick(_TR_CITIES)
    kw = _tr_kw(ctx, fk)
    if kind == "search":
        pairs: list[tuple[str, Any]] = [
            ("query_text", ctx.pick(("eğea", "İPHONE 13", "kiralık daire kadıköy", "çamaşır makinesi", "ışıklı bisiklet", "select paket clio", fk.word()))),
            ("address_city", plate),
            ("price_min", ctx.pick(("", "10000"))),
            ("price_max", ctx.pick(("", "500000", "1.250.000"))),
            ("sorting", ctx.pick(("price_asc", "date_desc", "bm"))),
            ("pagingOffset", ctx.pick((0, 20, 40))),
        ]
        return req("GET", "/ilan-pazari/arama", headers_for(ctx, ctx.pick(("nav", "nav", "mobile"))), qs(ctx, pairs, fixed=("pagingOffset",)))
    if kind == "listing":
        if ctx.chance(0.3):
            _escaping_client(ctx)
        price = _tl(ctx)
        body: dict[str, Any] = {
            "baslik": j(ctx, "baslik", ctx.pick(_TR_TITLES)),
            "aciklama": j(ctx, "aciklama", _say(ctx, _TR_DESC, 2, 5, "\n", **kw)),
            "fiyat": {"tutar": int(_digits(price.split(",")[0])), "paraBirimi": "TL"},
            "fiyatMetni": j(ctx, "fiyatMetni", price),
            "konum": {
                "il": city,
                "ilce": j(ctx, "konum.ilce", ctx.pick(_TR_DISTRICTS)),
                "mahalle": j(ctx, "konum.mahalle", f"{ctx.pick(('Caferağa', 'Moda', 'Kızılay', 'Alsancak'))} Mah."),
            },
            "kimden": ctx.pick(("Sahibinden", "Emlak Ofisinden", "Galeriden")),
            "takas": ctx.chance(0.3),
            "kategori": ctx.pick(("vasita/otomobil", "emlak/kiralik", "ikinci-el/ev-esyasi")),
        }
        return req("POST", "/ilan-pazari/api/ilanlar", site_headers(ctx, ctx.pick(("mobile", "xhr")), "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "message":
        fields: list[tuple[str, Any]] = [
            ("_csrf", v.alnum_token(ctx, 36)),
            ("ilan_no", listing),
            ("ad_soyad", fk.name()),
            ("telefon", kw["phone"]),
            ("mesaj", _say(ctx, _TR_MESSAGES, 1, 2, " ", **kw)),
        ]
        return req(
            "POST", "/ilan-pazari/mesaj/gonder", form_headers(ctx, f"/ilan-pazari/ilan/{listing}/detay"), body=form(ctx, fields, fixed=("_csrf", "ilan_no"))
        )
    if kind == "photo":
        fields = [("aciklama", ctx.pick(("Ön görünüm", "İç mekân -- salon", "Çizik (sağ kapı)", ""))), ("sira", str(ctx.rng.randint(1, 20)))]
        ctype, body2 = multipart(ctx, fields, [empty_file("fotograf")])
        return req(
            "POST",
            f"/ilan-pazari/api/ilanlar/{seg(ctx, 'listing', listing)}/fotograflar",
            site_headers(ctx, ctx.pick(("xhr", "mobile")), ctype, "jwt"),
            body=body2,
        )
    if kind == "edit":
        if ctx.chance(0.65):
            body = {
                "fiyatMetni": j(ctx, "fiyatMetni", _tl(ctx)),
                "not": j(ctx, "not", ctx.pick(("Fiyat düştü!", "ACİL -- son fiyat", "İndirimli; takas yok", ""))),
            }
            return req(
                "PATCH",
                f"/ilan-pazari/api/ilanlar/{seg(ctx, 'listing', listing)}",
                headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 12)}"'),)),
                body=dumps(ctx, body),
            )
        return req(
            "DELETE",
            f"/ilan-pazari/api/ilanlar/{seg(ctx, 'listing', listing)}",
            headers_for(ctx, ctx.pick(("xhr", "mobile")), auth="jwt"),
            qs(
                ctx,
                [("neden", ctx.pick(("satildi", "vazgectim", "diger"))), ("aciklama", ctx.pick(("", "Sahibinden'de sattım", "Vazgeçtim -- kusura bakmayın")))],
                fixed=("neden",),
            ),
        )
    if kind == "filter":
        filtre = {
            "kategori": "emlak/kiralik",
            "il": city,
            "anahtarKelime": ctx.slot("json_query", "filtre.anahtarKelime", ctx.pick(("eşyalı", "öğrenciye uygun", "site içi", "doğalgaz"))),
            "ozellikler": [ctx.slot("json_query", "filtre.ozellikler[0]", ctx.pick(("Asansör", "Otopark", "Balkon")))],
            "fiyat": {"max": ctx.rng.randint(5, 60) * 1000},
        }
        return req(
            "GET",
            "/ilan-pazari/api/ilanlar",
            headers_for(ctx, ctx.pick(("xhr", "mobile")), auth=ctx.pick((None, "jwt"))),
            json_param(ctx, "filtre", filtre) + "&sayfa=" + str(ctx.rng.randint(1, 9)),
        )
    r = ctx.rng.random()
    if r < 0.5:
        slug = re.sub(r"[^a-z0-9]+", "-", _ascii_upper(ctx.pick(_TR_TITLES)).lower()).strip("-")
        return req("HEAD", f"/ilan-pazari/ilan/{seg(ctx, 'slug', slug)}-{listing}/detay", headers_for(ctx, "nav"))
    return preflight(ctx, f"/ilan-pazari/api/ilanlar/{listing}", ("PATCH", "DELETE"), ("authorization,content-type,if-match", "authorization"))


# --------------------------------------------------------------------------
# Brazilian PIX/boleto wallet: cob charges, BR Codes, boleto payments, CNAB files, webhooks, NF-e
# --------------------------------------------------------------------------

_PT_DESC = (
    "Pagamento referente ao aluguel -- apto 302, bloco B (<<month>>/2024)",
    "Ref. NF <<nf>>/2024 -- serviços de manutenção; obrigado pela parceria!",
    "Rachando a conta do churrasco 🍖 -- cada um R$ <<amount>>",
    "Mensalidade da escola do João (turma 3ºA) -- 'sem desconto' conforme combinado",
    "Pagto. conta d'água + luz; qualquer dúvida me chama no zap <<phone>>",
    "Devolução do Pix enviado por engano -- desculpa o transtorno!",
    "Select Café Ltda. -- pedido #<<order>> (2x café especial 500g)",
    "Depósito caução; favor NÃO devolver antes de 30/06.",
    "Parcela 3/10 do notebook -- valeu, <<first>>!",
    "Doação para a festa junina da <<first>> 🎉",
    "Frete + embalagem (Sedex) -- código de rastreio em breve",
)
_PT_NAMES = ("Ana Luísa D'Ávila", "João Conceição", "Maria das Graças O'Neill", "Luiz Antônio Ferreira-Gonçalves", "Sebastião d'Oliveira", "Iracema Guimarães")
_BANKS = ("001", "033", "104", "237", "341", "260", "077")


def _crc16(data: bytes) -> int:
    """CRC16-CCITT-FALSE, the checksum closing a BR Code."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _emv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _brcode(ctx: Ctx, key: str, name: str, city: str, amount: str | None) -> str:
    """A PIX "copia e cola" string (EMV BR Code); a static one carries the txid `***`."""
    account = _emv("00", "br.gov.bcb.pix") + _emv("01", key) + (_emv("02", ctx.pick(("Churrasco", "Aluguel", "Pedido 887"))) if ctx.chance(0.3) else "")
    txid = ctx.pick(("***", v.alnum_token(ctx, 25)))
    payload = (
        _emv("00", "01")
        + _emv("26", account)
        + _emv("52", "0000")
        + _emv("53", "986")
        + (_emv("54", amount) if amount else "")
        + _emv("58", "BR")
        + _emv("59", _ascii_upper(name)[:25])
        + _emv("60", _ascii_upper(city)[:15])
        + _emv("62", _emv("05", txid))
        + "6304"
    )
    return payload + f"{_crc16(payload.encode()):04X}"


def _pix_key(ctx: Ctx, fk: Faker) -> str:
    return ctx.pick((fk.email(), f"+5511{ctx.rng.randrange(9 * 10**7, 10**8)}", _digits(fk.cpf()), fk.uuid4(), _digits(fk.cnpj())))


def _linha_digitavel(ctx: Ctx) -> str:
    d = "".join(str(ctx.rng.randint(0, 9)) for _ in range(38))
    return f"{ctx.pick(_BANKS)}9{d[0]}.{d[1:6]} {d[6:11]}.{d[11:17]} {d[17:22]}.{d[22:28]} {ctx.rng.randint(1, 9)} {d[28:38]}"


def _pt_kw(ctx: Ctx, fk: Faker) -> dict[str, Any]:
    return {
        "month": ctx.pick(("janeiro", "março", "junho", "dezembro")),
        "nf": ctx.rng.randint(100, 9999),
        "amount": f"{ctx.rng.randint(10, 300)},{ctx.rng.randint(0, 99):02d}",
        "phone": f"({ctx.rng.randint(11, 99)}) 9{ctx.rng.randint(1000, 9999)}-{ctx.rng.randint(1000, 9999)}",
        "order": ctx.rng.randint(100, 9999),
        "first": fk.first_name(),
    }


def _cnab(ctx: Ctx, fk: Faker) -> str:
    """A CNAB 240 remittance file (fixed-width, 240 columns) of boletos for the bank; the first payer's name is a slot."""
    company = _ascii_upper(fk.company())[:30].ljust(30)
    cnpj = _digits(fk.cnpj())
    lines = [f"34100000         2{cnpj}{' ' * 20}{'0' * 12}{company}{'BANCO ITAU SA':<30}{' ' * 10}1{ctx.rng.randrange(10**7, 10**8)}".ljust(240)[:240]]
    for i in range(ctx.rng.randint(1, 5)):
        name = ctx.pick(_PT_NAMES) if ctx.chance(0.3) else fk.name()
        payer = str(ctx.slot("multipart", "cnab.sacado", _ascii_upper(name))) if i == 0 else _ascii_upper(name)
        value = f"{ctx.rng.randint(1000, 900000):015d}"
        due = f"{ctx.rng.randint(1, 28):02d}{ctx.rng.randint(1, 12):02d}2024"
        lines.append(f"3410001300{i + 1:05d}P 01{'0' * 20}{ctx.rng.randrange(10**7, 10**8)}{' ' * 10}{due}{value}".ljust(240)[:240])
        lines.append(f"3410001300{i + 1:05d}Q 011{_digits(fk.cpf()):0>15}{payer[:40]:<40}{_ascii_upper(fk.street_name())[:40]:<40}".ljust(240)[:240])
    lines.append(f"34199999{' ' * 9}{len(lines) + 1:06d}".ljust(240))
    return "\r\n".join(lines) + "\r\n"


def _nfe_xml(ctx: Ctx, fk: Faker) -> str:
    """An authorised NF-e (nfeProc) a customer uploads to match a boleto; emitter, product and notes are slots."""
    x = {
        k: enc_xml(str(ctx.slot("xml", k, val)))
        for k, val in (
            ("emit.xNome", ctx.pick((fk.company(), "Padaria Pão d'Ouro Ltda.", "Select Café Ltda. - ME"))),
            ("dest.xNome", ctx.pick((fk.name(), ctx.pick(_PT_NAMES)))),
            ("xProd", ctx.pick(("CAFE ESPECIAL 500G", "Serviço de manutenção -- ar-condicionado", 'NOTEBOOK 15,6" 16GB', "Camiseta algodão P/M/G"))),
            (
                "infCpl",
                ctx.pick(
                    (
                        "Documento emitido por ME ou EPP optante pelo Simples Nacional.",
                        "Pedido #887 -- pagamento via PIX",
                        "Entrega: portaria do bloco B (apto 302)",
                    )
                ),
            ),
        )
    }
    cnpj, cpf = _digits(fk.cnpj()), _digits(fk.cpf())
    value = v.money(ctx, 10, 5000)
    key = "35" + "".join(str(ctx.rng.randint(0, 9)) for _ in range(42))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<nfeProc xmlns="http://www.portalfiscal.inf.br/nfe" versao="4.00"><NFe><infNFe Id="NFe'
        + key
        + '" versao="4.00">'
        f"<ide><cUF>35</cUF><natOp>Venda de mercadoria</natOp><mod>55</mod><nNF>{ctx.rng.randint(1, 99999)}</nNF><dhEmi>{v.iso_datetime(ctx)}</dhEmi></ide>"
        f"<emit><CNPJ>{cnpj}</CNPJ><xNome>{x['emit.xNome']}</xNome><enderEmit><xLgr>{enc_xml(fk.street_name())}</xLgr><nro>{ctx.rng.randint(1, 3000)}</nro>"
        f"<xMun>{enc_xml(fk.city())}</xMun><UF>{fk.estado_sigla()}</UF><CEP>{_digits(fk.postcode())}</CEP></enderEmit></emit>"
        f"<dest><CPF>{cpf}</CPF><xNome>{x['dest.xNome']}</xNome></dest>"
        f'<det nItem="1"><prod><cProd>{ctx.rng.randint(100, 99999)}</cProd><xProd>{x["xProd"]}</xProd><NCM>09012100</NCM><CFOP>5102</CFOP><qCom>1.0000</qCom>'
        f"<vUnCom>{value}</vUnCom><vProd>{value}</vProd></prod></det><total><ICMSTot><vNF>{value}</vNF></ICMSTot></total>"
        f'<infAdic><infCpl>{x["infCpl"]}</infCpl></infAdic></infNFe></NFe><protNFe versao="4.00"><infProt><chNFe>{key}</chNFe><cStat>100</cStat>'
        "<xMotivo>Autorizado o uso da NF-e</xMotivo></infProt></protNFe></nfeProc>\n"
    )


@template("train", ("/pix-carteira/",), weight=1.1)
def pix_boleto_wallet(ctx: Ctx) -> Request:
    """Brazilian PIX/boleto wallet: BCB-style cob charges, paying a BR Code, boleto payment form, CNAB 240 uploads, PSP webhooks, statements, keys, NF-e XML."""
    fk = _speak(ctx, "pt_BR")
    kind = ctx.pick(("cob", "cob", "pay", "boleto", "cnab", "webhook", "extrato", "nfe", "misc"))
    kw = _pt_kw(ctx, fk)
    txid = v.alnum_token(ctx, ctx.rng.randint(26, 35))
    if kind == "cob":
        if ctx.chance(0.25):
            body = {
                "status": "REMOVIDA_PELO_USUARIO_RECEBEDOR",
                "solicitacaoPagador": j(ctx, "solicitacaoPagador", ctx.pick(("Cancelado a pedido do cliente", "Cobrança duplicada -- desconsiderar"))),
            }
            return req(
                "PATCH",
                f"/pix-carteira/v2/cob/{seg(ctx, 'txid', txid)}",
                headers_for(ctx, "sdk", content_type="application/json", auth="jwt"),
                body=dumps(ctx, body),
            )
        if ctx.chance(0.3):
            _escaping_client(ctx)
        debtor = {"cpf": _digits(fk.cpf())} if ctx.chance(0.6) else {"cnpj": _digits(fk.cnpj())}
        debtor["nome"] = j(ctx, "devedor.nome", ctx.pick(_PT_NAMES) if ctx.chance(0.25) else fk.name())
        body = {
            "calendario": {"expiracao": ctx.pick((3600, 86400, 604800))},
            "devedor": debtor,
            "valor": {"original": v.money(ctx, 1, 3000), "modalidadeAlteracao": ctx.pick((0, 1))},
            "chave": _pix_key(ctx, fk),
            "solicitacaoPagador": j(ctx, "solicitacaoPagador", _say(ctx, _PT_DESC, 1, 1, "", **kw)),
            "infoAdicionais": [
                {
                    "nome": j(ctx, "infoAdicionais[0].nome", ctx.pick(("Pedido", "Campo 1", "Referência"))),
                    "valor": j(ctx, "infoAdicionais[0].valor", ctx.pick((f"#{kw['order']}", "NF 4512/2024", "apto 302 -- bloco B"))),
                }
            ],
        }
        return req(
            "PUT", f"/pix-carteira/v2/cob/{seg(ctx, 'txid', txid)}", headers_for(ctx, "sdk", content_type="application/json", auth="jwt"), body=dumps(ctx, body)
        )
    if kind == "pay":
        code = _brcode(ctx, _pix_key(ctx, fk), ctx.pick((fk.name(), fk.company(), ctx.pick(_PT_NAMES))), fk.city(), ctx.pick((None, v.money(ctx, 1, 900))))
        body = {
            "brcode": j(ctx, "brcode", code),
            "valor": v.money(ctx, 1, 900),
            "mensagem": j(ctx, "mensagem", ctx.pick(("", _say(ctx, _PT_DESC, 1, 1, "", **kw)))),
            "agendamento": ctx.pick((None, v.iso_date(ctx))),
            "deviceId": ctx.fake.uuid4(),
        }
        return req("POST", "/pix-carteira/api/pix/pagar", site_headers(ctx, "mobile", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "boleto":
        fields: list[tuple[str, Any]] = [
            ("_csrf", v.alnum_token(ctx, 36)),
            ("linha_digitavel", _linha_digitavel(ctx)),
            ("valor", f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(100, 999)},{ctx.rng.randint(0, 99):02d}"),
            ("vencimento", f"{ctx.rng.randint(1, 28):02d}/{ctx.rng.randint(1, 12):02d}/2024"),
            ("beneficiario_documento", ctx.pick((fk.cpf(), fk.cnpj()))),
            ("descricao", _say(ctx, _PT_DESC, 1, 1, "", **kw)),
            ("agendar", ctx.pick(("0", "1"))),
        ]
        return req("POST", "/pix-carteira/boletos/pagar", form_headers(ctx, "/pix-carteira/boletos/novo"), body=form(ctx, fields, fixed=("_csrf", "agendar")))
    if kind == "cnab":
        fields = [
            ("convenio", str(ctx.rng.randrange(10**6, 10**7))),
            ("observacao", ctx.pick(("", f"Remessa de {kw['month']} -- mensalidades", "Reenvio (arquivo anterior com erro)"))),
        ]
        ctype, body2 = multipart(ctx, fields, [("arquivo", f"REM{ctx.rng.randint(1, 999):03d}{ctx.rng.randint(1, 28):02d}.rem", "text/plain", _cnab(ctx, fk))])
        return req("POST", "/pix-carteira/api/cobranca/remessa", site_headers(ctx, ctx.pick(("xhr", "sdk")), ctype, ctx.pick(("jwt", "apikey"))), body=body2)
    if kind == "webhook":
        body = {
            "pix": [
                {
                    "endToEndId": f"E{ctx.rng.randrange(10**7, 10**8)}{v.iso_date(ctx).replace('-', '')}{v.alnum_token(ctx, 11)}",
                    "txid": txid,
                    "valor": v.money(ctx, 1, 3000),
                    "chave": _pix_key(ctx, fk),
                    "horario": v.iso_datetime(ctx),
                    "infoPagador": j(ctx, "pix[0].infoPagador", ctx.pick(("", _say(ctx, _PT_DESC, 1, 1, "", **kw)))),
                    "pagador": {"nome": j(ctx, "pix[0].pagador.nome", fk.name()), "cpf": f"***.{ctx.rng.randint(100, 999)}.{ctx.rng.randint(100, 999)}-**"},
                }
            ]
        }
        extra = (("X-Webhook-Signature", f"sha256={v.hex_token(ctx, 64)}"), ("X-Psp-Id", str(ctx.rng.randrange(10**7, 10**8))))
        return req("POST", "/pix-carteira/webhook/pix", headers_for(ctx, "sdk", content_type="application/json", extra=extra), body=dumps(ctx, body))
    if kind == "extrato":
        pairs: list[tuple[str, Any]] = [
            ("inicio", v.iso_date(ctx)),
            ("fim", v.iso_date(ctx)),
            ("tipo", ctx.pick(("pix", "boleto", "todos"))),
            ("busca", ctx.pick(("", "aluguel", "churrasco", "d'água", fk.first_name(), "NF 4512/2024"))),
            ("pagina", ctx.rng.randint(0, 5)),
        ]
        return req("GET", "/pix-carteira/api/extrato", headers_for(ctx, ctx.pick(("mobile", "xhr")), auth="jwt"), qs(ctx, pairs, fixed=("pagina",)))
    if kind == "nfe":
        return req(
            "POST",
            f"/pix-carteira/api/boletos/{seg(ctx, 'boleto', str(rid(ctx)))}/nfe",
            headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/xml", auth="jwt"),
            body=_nfe_xml(ctx, fk),
        )
    if ctx.chance(0.5):
        return req("DELETE", f"/pix-carteira/api/chaves/{seg(ctx, 'chave', _pix_key(ctx, fk))}", headers_for(ctx, "mobile", auth="jwt"))
    return preflight(ctx, f"/pix-carteira/v2/cob/{txid}", ("PUT", "PATCH"), ("authorization,content-type", "authorization"))


LOCALIZED: tuple[str, ...] = (
    "kaimono_ichiba_market",
    "weixin_miniprogram_social",
    "akhbar_news_comments",
    "rus_forum_bbcode",
    "jisik_portal_search_qa",
    "jansewa_citizen_services",
    "ilan_pazari_classifieds",
    "pix_boleto_wallet",
)
