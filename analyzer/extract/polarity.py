"""Polarity and modality of a rule: prohibition, permission, obligation, effort.

A keyword search treats 「USBメモリの利用を禁止しない」 like 「禁止する」. These patterns
classify a clause (NFKC text) so that scorers can tell a ban from a permission, a
原則禁止 with a ただし書 exception from an outright ban, and 「努める」 from 「する」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Polarity(str, Enum):
    """What the clause does to the action it governs."""

    PROHIBITION = "prohibition"  # 禁止する / してはならない / 一切しない / 不可
    CONDITIONAL_PROHIBITION = "conditional_prohibition"  # 原則禁止。ただし… / 無断…禁止 / 許可なく…禁止
    PERMISSION = "permission"  # できる / してよい / 認める / 許可を得て…する
    NEGATED_PROHIBITION = "negated_prohibition"  # 禁止しない / 制限しない
    OBLIGATION = "obligation"  # する / しなければならない / ものとする
    EFFORT = "effort"  # 努める / 望ましい / 推奨
    NEGATION = "negation"  # 保存しない / 求めない (the action is not done)


NEGATED_PROHIBITION = re.compile(
    r"(?:禁止|制限|禁ず)(?:し|は)?(?:ない|ません)|禁止(?:事項)?とはしない|妨げない|"
    r"(?:禁止|制限)(?:を|は)?(?:設け|定め|行わ|課さ)(?:ない|ません)|各自の判断に委ね"
)
PROHIBITION = re.compile(
    r"禁止す|禁止と|禁止さ|を禁ず|禁じ|禁止\s*$|禁止。|禁止[)）]|"
    r"してはならない|てはならない|ではならない|してはいけない|てはいけない|"
    r"一切(?:し|行わ|使用し|利用し|持ち出さ|複写し|記録し|保存し)(?:ない|ません)|"
    r"不可|認めない|認められない|させない|行わないこと|しないこと|しないものとする|"
    r"(?:書込み|書き込み|書込|接続|使用|利用|記録)(?:が|を)?できない(?:設定|よう)|(?:書込み|書き込み)禁止|無効化する|無効化し|"
    r"(?:書き込め|書込め|使え|つなげ|繋げ|接続でき|保存でき|コピーでき)ない(?:設定|よう|ように|仕組み)|"
    # plain-language bans of memos: 「禁止です」「厳禁」「NG」「使わないでください」「認めていません」
    r"禁止です|禁止となります|禁止になります|厳禁|禁物|(?<![A-Za-z])NG(?![A-Za-z])|ＮＧ|ダメ|だめです|"
    r"ないでください|ないで下さい|ないでね|認めていません|認めません|"
    r"(?:使わ|持ち出さ|持出さ|持ち込ま|コピーし|複製し|接続し|挿さ|差さ)ない(?:。|$|こと|ように|よう|、|（|\()"
)
EXCEPTION = re.compile(r"ただし|但し|ただ、|除き|除いて|場合を除|例外")
# A ただし書 that lifts a ban on someone's approval (「ただし、責任者が業務上必要と認めた場合は、
# この限りでない」); an exception for what the law requires (「法令に基づく場合」) does not.
APPROVAL_EXCEPTION = re.compile(
    r"(?:ただし|但し)[^。]*?(?:認めた|認める|許可した|許可を得た|許可を受けた|承認した|承認を得た|承認を受けた|"
    r"必要と判断した|了承を得た|許可があった|承認があった|認め、|認めて|"
    # 「ただし、業務の遂行上必要がある場合は、この限りでない」: a need is no narrower than the ban
    r"必要がある場合[^。]{0,10}この限りで(?:ない|はない))"
)
PRINCIPLE = re.compile(r"原則(?:として)?|基本(?:は|的に)|基本(?=NG|ＮＧ|禁止|ダメ|不可)")
# An escape hatch after a ban: 「どうしても必要なときは事務長に相談」「やむを得ない場合は…」
ESCAPE = re.compile(r"どうしても(?:必要|の場合|のとき)|やむを得(?:ない|ず)|特別な事情")
# A ban that covers only the staff's own devices: 「私物の記録媒体を使用してはならない」 is a
# prohibition, but of private media only; the company's media stay open (read by the
# prohibition check).
# (the qualifier must sit on the medium itself: 「個人のPC・USBメモリにコピーしない」 bans USB memory)
PRIVATE_ONLY = re.compile(
    r"(?:私物|個人所有|個人持ち|個人)の(?:外部記録媒体|外部記憶媒体|記録媒体|記憶媒体|媒体|USBメモリ|USB|外付け)"
)
CONDITIONAL = re.compile(
    r"無断|許可なく|許可無く|承認なく|承認を得ずに|許可を得ずに|許可のない|"
    r"(?:許可|承認|OK|ＯＫ)(?:が|を)?(?:あれば|もらえば|得れば|とれば|取れば)|OKで|ＯＫで|場合は可|ときは可"
)
PERMISSION = re.compile(
    r"(?:こと|の)?が?できる(?!だけ|限り|かぎり)|かまわない|構わない|かまいません|構いません|OKです|ＯＫです|"
    r"(?:て|で)(?:も)?(?:いい|よい|良い)(?:です)?(?:。|$|が|けど)|してよい|てもよい|て良い|差し支えない|認める|可能とする|可とする|"
    r"許可を得て|許可を得た上で|許可を得たうえで|承認を得て|承認を得た上で|承認を得たうえで|許可を受けて|"
    r"許可を得る|承認を得る|届け出て|"
    # plain: 「管理薬剤師の許可をもらい、…暗号化USBを使います」
    r"(?:許可|承認|OK|ＯＫ)(?:を)?もら(?:い|って|えば)"
)
# Plans: what is to be done or is being considered is not yet a rule — 「保存する予定である」
# 「常時SSL化を検討している」「作成中である」. (modality() reads them as no rule at all; classify()
# keeps them among the effort clauses so that a plan never passes for a ban or a duty.)
PLAN = re.compile(
    r"予定である|予定とする|予定です|予定している|予定しています|検討している|検討しています|検討中|今後、?検討|"
    r"作成中|準備中|整備中|については[^。]{0,30}検討する|"
    r"(?:導入|実施|禁止|化|設置|整備|採用)(?:を|について)?検討する|今後の課題"
)
EFFORT = re.compile(
    r"努める|努めて|努めなければ|努めます|努力する|望ましい|推奨する|推奨とする|推奨します|推奨です|推奨。|心がける|心掛ける|留意する|配慮する|"
    # hedges: 「なるべく定期的に変える」 (but 「なるべく早く報告する」 is urgency, not effort)
    r"なるべく(?!早く|速やか|すぐ|早急)|"
    rf"{PLAN.pattern}|努力目標|目標とする|理想|"
    # (「処分することがある」 is the usual wording of a sanction, not a hedge)
    r"必要(?:に|と)なる場合があ(?:る|ります)"
)
# A definition says what a word means, not what anyone must do: 「『アクセスログ』とは…をいう」.
DEFINITION = re.compile(
    r"とは[^。]{0,120}?(?:をいう|を指す|のことをいう|のことである|のことです)|(?:をいう|を指す)。?\s*$|"
    # a definition list item: 「(4) 従業者 当社の…をいい、役員…を含む。」
    r"をいい、[^。]{0,120}(?:を含む|を含まない|を除く)。?\s*$"
)
# What happened, not what must happen: 「旧サーバのハードディスクを物理破壊した。」
PAST_FACT = re.compile(r"(?:た|ました|ていた|でした)。?\s*$")
# Why a rule exists, not the rule: 「（定期的な変更を強制すると…傾向があるためです。）」
RATIONALE = re.compile(r"(?:ため|から)(?:です|である|だ)。?[)）]?\s*$")
# A ただし書 that lets people skip or replace the rule: 「…ただし、…代えることができる」
PROVISO_PERMISSION = re.compile(
    r"(?:ただし|但し)[^。]*?(?:(?:こと|の)?が?できる(?!だけ|限り|かぎり)|差し支えない|かまわない|構わない|"
    r"代える|省略|予告なく|なくても|でも[^。]{0,10}受け付ける)"
)
# Left to someone's discretion or to chance: 「その都度決める」「可能であれば」「…場合がある」
DISCRETION = re.compile(
    r"都度(?:決める|定める|判断)|判断に委ね|に一任|可能であれば|できれば|場合がある|必要に応じて[^。]{0,30}ことがある|"
    # left to each person: 「入社後の受講は各自の任意とする」
    r"各自の任意|任意とする|任意です|任意である|任意参加|自由参加"
)
# The main predicate only allows: 「…帯域制御を行うことができる。」
MAY_ONLY = re.compile(r"(?:こと|の)?が?できる。?\s*$")  # (「…できるものとする」 is a design rule)
# Left to a provider: 「改ざん対策はレンタルサーバ事業者の提供する機能に委ねている」
_PROVIDER = r"(?:事業者|業者|ベンダー|ベンダ|プロバイダー?|クラウド|委託先|代理店|ビルオーナー|オーナー)"
PROVIDER_RELIANCE = re.compile(
    rf"{_PROVIDER}[^。]{{0,25}}?(?:に委ね|に任せ|の判断に委ね|の判断による|に一任|に依存)|"
    # 「データ消去は、リース会社（システム会社）がやってくれます」
    r"(?:会社|業者|業者さん|ベンダー|メーカー)(?:\([^)]{0,15}\))?が[^。]{0,20}?(?:やってくれ|してくれ|行ってくれ|処理してくれ)"
)
OBLIGATION = re.compile(
    r"しなければならない|なければならない|ものとする|こととする|とする|する。|する$|すること|を行う|を実施|を講じ|"
    r"を定め|を設け|を設置|を取得|を保存|を保管|徹底する|遵守する|義務"
)
NEGATION = re.compile(
    r"(?:し|せ|行わ|保存し|求め|定め|設け|実施し)(?:ない|ません)(?:。|$|、|こと|（|\()|"
    r"(?:し|行っ|設け|定め|実施し|保存し)て(?:い|おり)ません(?:。|$|、)"
)
# A practice reported as not (or no longer) done, in plain words: 「パスワードの定期変更はもう
# やりません」「外部の脆弱性診断はまだやっていません」. (Not 「…していません」: 「インターネットに
# 接続していません」 is itself a measure.)
NOT_DONE = re.compile(
    r"(?:やって|行って|実施して)(?:い|おり)ません|(?:やって|行って|実施して)いない(?:。|$|、)|"
    r"やりません|やめました|やめています|廃止しました|(?:もう|まだ)[^。、]{0,8}(?:しません|していません|していない)"
)


# A waiver dispenses with the action: 「作業記録の作成を省略することができる」 is no rule to keep records.
WAIVER = re.compile(
    r"省略(?:すること)?(?:が|も)?できる|省略してよい|省略しても(?:よい|差し支えない)|省略可|"
    r"不要とする|要しない|必要としない|免除する|免除される|"
    r"必要は(?:ない|ありません)|必要ありません|しなくて(?:よい|いい|も(?:よい|いい|かまわない|構わない))"
)


@dataclass
class PolarityResult:
    """The classification of one clause, with the cues that decided it."""

    polarity: Polarity
    cues: list[str] = field(default_factory=list)


def _cue(rx: re.Pattern[str], text: str) -> str | None:
    m = rx.search(text)
    return m.group(0) if m else None


def classify(text: str) -> PolarityResult:
    """Classify the modality of a clause (NFKC text).

    Order of precedence: a negated prohibition (「禁止しない」) beats the bare 禁止;
    a prohibition with 原則 + ただし書, or qualified by 無断/許可なく, is conditional;
    permission cues (できる, 許可を得て) beat plain obligation; 努める is an effort clause.
    """
    if c := _cue(NEGATED_PROHIBITION, text):
        return PolarityResult(Polarity.NEGATED_PROHIBITION, [c])
    if p := _cue(PROHIBITION, text):
        cues = [p]
        if (c := _cue(CONDITIONAL, text)) or (_cue(PRINCIPLE, text) and (c := _cue(EXCEPTION, text))):
            cues.append(c)
            return PolarityResult(Polarity.CONDITIONAL_PROHIBITION, cues)
        if c := _cue(APPROVAL_EXCEPTION, text) or _cue(ESCAPE, text):
            cues.append(c)
            return PolarityResult(Polarity.CONDITIONAL_PROHIBITION, cues)
        if (e := _cue(EXCEPTION, text)) and _cue(PERMISSION, text[text.find(e) :]):
            cues.append(e)
            return PolarityResult(Polarity.CONDITIONAL_PROHIBITION, cues)
        return PolarityResult(Polarity.PROHIBITION, cues)
    if c := _cue(WAIVER, text):
        return PolarityResult(Polarity.NEGATION, [c])
    if c := _cue(EFFORT, text):
        return PolarityResult(Polarity.EFFORT, [c])
    if c := _cue(PERMISSION, text):
        return PolarityResult(Polarity.PERMISSION, [c])
    if c := _cue(NEGATION, text):
        return PolarityResult(Polarity.NEGATION, [c])
    if c := _cue(OBLIGATION, text):
        return PolarityResult(Polarity.OBLIGATION, [c])
    return PolarityResult(Polarity.OBLIGATION, [])


REFERENCE = re.compile(
    r"別(?:途|に)、?(?:「[^」]{1,30}」に)?定め(?:る|た|ます|られ)|別紙|別表|別途規定|定めるところによる|"
    r"(?:規程|規則|細則|要領|規定)」?(?:による|に定める|の定める|に従う|に従って|のとおり|に準じる|に準ずる|に準拠する)"
)


_ANNEX = re.compile(r"別紙|別表")
_ANNEX_TAIL_MAX = 14  # 「…は別表のとおりとする。」: the annex is the predicate, not a pointer
_NAMED_RULE = re.compile(
    r"(?:規程|規則|細則|要領|規定)」?(?:による|に定める|の定める|に従う|に従って|のとおり|に準じる|に準ずる|に準拠する)"
)
_NAMED_TAIL_MAX = 5  # 「…による。」「…に従うものとする。」: another rule named as the predicate
_SANCTION = re.compile(r"懲戒|処分|罰則|制裁|懲罰|処罰|減給|譴責|けん責|解雇|出勤停止")


def _first(rx: re.Pattern[str], text: str) -> str | None:
    m = rx.search(text)
    return m.group(0) if m else None


_DOCUMENT_MADE = re.compile(r"(?:まとめ|定め|作成し|制定し|策定し|改訂し|改定し|作り)(?:まし)?た。?\s*$")
_DOCUMENT_WORDS = re.compile(
    r"ルール|規程|規則|本書|メモ|手引|マニュアル|ガイド|Q&A|チェックリスト|方針|ポリシー|基準"
)


def rationale_cue(text: str) -> str | None:
    """A cue when the clause explains why (「…ためです。」) instead of stating a rule."""
    return _first(RATIONALE, text.strip())


def plan_cue(text: str) -> str | None:
    """A cue when the clause announces a plan or a matter under consideration (「…を検討している」)."""
    return _first(PLAN, text.strip())


def not_done_cue(text: str) -> str | None:
    """A cue when the clause reports that a practice is not, or no longer, carried out."""
    return _first(NOT_DONE, text.strip())


def past_fact_cue(text: str) -> str | None:
    """A cue when the clause reports a past event instead of stating a rule.

    A preamble that says how the document itself was made (「…ルールをまとめました。」) is not
    a past event in this sense: it introduces the rules.
    """
    t = text.strip()
    if _DOCUMENT_MADE.search(t) and _DOCUMENT_WORDS.search(t):
        return None
    return _first(PAST_FACT, t)


def proviso_permission_cue(text: str) -> str | None:
    """A cue when a ただし書 lets the rule be skipped or replaced."""
    return _first(PROVISO_PERMISSION, text)


def discretion_cue(text: str) -> str | None:
    """A cue when the measure is left to case-by-case judgement or to possibility."""
    return _first(DISCRETION, text)


def may_only_cue(text: str) -> str | None:
    """A cue when the clause only allows the action (「…できる。」) instead of requiring it."""
    return _first(MAY_ONLY, text.strip())


def provider_reliance_cue(text: str) -> str | None:
    """A cue when the measure is left to a provider, agent or contractor."""
    return _first(PROVIDER_RELIANCE, text)


def is_definition(text: str) -> bool:
    """Whether the clause defines a term (「『X』とは、…をいう。」) rather than stating a rule."""
    return DEFINITION.search(text) is not None


_DOCUMENT_NAME = re.compile(
    r"[^|。]{1,40}?(?:手順書|要領|細則|マニュアル|規程|規則|基準書|計画書|ガイドライン|実施手順|運用手順|手引き?)"
    r"(?:\s*[(（][^)）]{0,20}[)）])?"
)
_RULE_PREDICATE = re.compile(
    r"。|る$|します$|ます$|こと$|ものとする|しなければならない|してはならない|禁止|を.*に"
)


def register_row_cue(text: str) -> str | None:
    """The document a table row of a register names (「情報機器等廃棄手順書 | 情報システム部 | 第8条」).

    A row that lists a subordinate document with its owner says where the rule is, not
    what it is. Rows that state a rule in a cell (「…を廃棄する。」) are not registers.
    """
    cells = [c.strip() for c in text.split("|")]
    if len(cells) < 2 or len(cells) > 5 or any(len(c) > 30 or _RULE_PREDICATE.search(c) for c in cells):
        return None
    for cell in cells:
        if _DOCUMENT_NAME.fullmatch(cell) and not cell.startswith(("本規程", "この規程", "本規則")):
            return cell
    return None


def document_name_cue(text: str) -> str | None:
    """The clause is only the name of a document (「問合せ対応マニュアル（カスタマーサポート部）」)."""
    text = text.strip().lstrip("・-* ").rstrip("。")
    return text if _DOCUMENT_NAME.fullmatch(text) and not text.startswith(("本規程", "この規程")) else None


# A revision-history line: 「第4版 | 2025年7月1日 | パスワードの定期変更を廃止し…」
_REVISION_ROW = re.compile(r"^(?:第\s*[0-9０-９]+\s*版|初版|[Vv](?:er\.?)?\s*[0-9]+(?:\.[0-9]+)*)\s*\|")
_REVISION_HEADER = re.compile(r"改訂|改定|改正|変更内容|改版|履歴")


def revision_row_cue(text: str, table_header: str = "") -> str | None:
    """A cue when a table row records a revision of the document rather than a rule."""
    if m := _REVISION_ROW.match(text.strip()):
        return m.group(0).rstrip("| ")
    if table_header and _REVISION_HEADER.search(table_header) and "版" in table_header:
        return table_header
    return None


def find_reference(text: str) -> str | None:
    """Return the cue when the clause defers its content elsewhere (「別に定める」).

    An annex named in passing (「別表の緊急連絡網に従い、技術部長を対応責任者として復旧に当たる」)
    is a pointer inside a concrete rule, not a deferral: 別表 / 別紙 only count when the
    sentence ends on them.
    """
    for m in REFERENCE.finditer(text):
        end = text.find("。", m.end())
        tail = text[m.end() : end if end >= 0 else len(text)]
        if _ANNEX.fullmatch(m.group(0)):
            if len(tail) <= _ANNEX_TAIL_MAX:
                return m.group(0)
        elif _NAMED_RULE.match(m.group(0)):
            tail = re.sub(r"^ところ(?:による|に従う|によるものとする)", "", tail)
            # 「…は個人情報取扱規程による。」, not 「就業規則に定める懲戒処分を行う」. 就業規則 is where
            # sanctions live: 「処分は就業規則に従う」 is the rule itself, but 「違反者の取扱いは、
            # 就業規則に準じる」 names no sanction (README: a link to 懲戒 is needed)
            employment_rules = text[: m.start()].endswith("就業")
            if len(tail) <= _NAMED_TAIL_MAX and not (employment_rules and _SANCTION.search(text)):
                return m.group(0)
        else:
            return m.group(0)
    return None


# Rules about someone else: selection criteria for a provider (「…が保存されていること」), or
# a clause whose subject is a provider / contractor (「サービス事業者は…」).
_THIRD_PARTY_SUBJECT = re.compile(
    # optionally after a leading condition: 「委託先で漏えいが起きた場合、委託先は…」
    r"^(?:[^。]{0,40}?(?:場合|とき|際)(?:は|に|には|において)?、)?"
    r"[^、。]{0,12}?(?:サービス事業者|サービス提供者|サービス提供事業者|クラウド事業者|事業者|委託先|再委託先|"
    r"ベンダー|プロバイダ|プロバイダー|提供元|乙)(?:が|は|において|では|側で|側において)|"
    # a contractor named by its work: 「当法人のホームページの保守を受託する制作会社は、…」
    r"^[^。]{0,30}?(?:受託する|受託した|委託を受けた|請け負う)[^、。]{0,8}?(?:会社|業者|事業者|者)(?:が|は)|"
    # a duty imposed on them: 「委託先には、…アクセスログを1年以上保存させる」
    r"(?:委託先|再委託先|事業者|ベンダー|業者)(?:に(?:は|対し(?:ては)?)、?)[^。]*させ(?:る|ます|ること)"
)
# The duty is placed on the customer: 「バックアップはお客様ご自身の責任で行っていただきます」.
_CUSTOMER_OWN_RESPONSIBILITY = re.compile(
    r"(?:お客様|お客さま|利用者|契約者|会員|ユーザー?)(?:ご)?(?:自身|自ら)(?:の責任)?(?:で|にて|が)|"
    # 「それ以外の顧客データの保全は、…お客様の責任とする」
    r"(?:お客様|お客さま|利用者|契約者|会員|ユーザー?)の(?:自己)?責任(?:で|において|とする|となる|です)|"
    r"自己の責任(?:で|において)"
)
_CRITERION_END = re.compile(
    r"(?:ている|てある|されている|である|であること|ていること|てあること|を有すること|を条件とする)。?\s*$"
)
_CRITERION_HEADING = re.compile(
    r"選定基準|評価基準|選定要件|サービス要件|確認リスト|チェックリスト|確認項目|委託先の選定|委託先評価|調達要件"
)


_CUSTOMER = r"(?:お客様|お客さま|利用者|会員|契約者|ユーザー?|加入者)"
_CUSTOMER_SUBJECT = re.compile(rf"^[^、。]{{0,12}}?{_CUSTOMER}(?:は|が)、?(?![^。]*当社(?:は|が))")
# asking customers to do it themselves (「…変更するよう会員に案内する」); telling them about the
# company's own practice (「帯域制御の条件を契約者に周知する」) is the company's measure
_CUSTOMER_ASKED = re.compile(
    rf"(?:よう|ように)、?{_CUSTOMER}に(?:案内|周知|依頼|お願い|推奨|呼びかけ|求め|要請)"
)

# a support script: what to tell a customer who reports a problem with his own site or PC
# (「『サイトが改ざんされた』というお客さまからの連絡 → WAF設定と…復元手順を案内」)
_CUSTOMER_ADVISED = re.compile(
    rf"{_CUSTOMER}(?:から|より)の(?:連絡|問い合わせ|問合せ|相談|電話|申告)[^。]{{0,80}}?"
    r"(?:案内|ご案内|お伝え|アドバイス)(?:する|します|してください|。|$)"
)


# What a provider's service does for the company: 「電子カルテ業者のサービスで3年間保存されています」.
# The company relies on it but does not itself rule it (at most partial).
_VENDOR_SERVICE = re.compile(
    r"(?:業者|事業者|ベンダー|ベンダ|クラウド|プロバイダー?|提供元)(?:の|が提供する)(?:サービス|システム|機能)"
    r"(?:で|により|によって|において|上で|側で)[^。]{0,40}?(?:されて(?:いる|います|おり)|されます|される)|"
    # 「…の記録は、ソフト会社のサーバに1年間残る仕組みになっています」
    r"(?:ソフト会社|システム会社|業者|事業者|ベンダー|提供元|メーカー)の(?:サーバ|サーバー|クラウド|システム)"
    r"[^。]{0,30}?(?:残る|保存される|保管される)(?:仕組み|設定|ように)"
)


def vendor_service_cue(text: str) -> str | None:
    """A cue when the measure is described as something a provider's service does."""
    m = _VENDOR_SERVICE.search(text)
    return m.group(0) if m else None


def customer_duty_cue(text: str) -> str | None:
    """A cue when the clause is the customer's duty or advice to customers, not the company's measure.

    「お客様は、パスワードを定期的に変更してください」「…変更するよう会員に案内する」.
    """
    t = text.strip()
    if m := _CUSTOMER_SUBJECT.search(t):
        return m.group(0)
    if m := _CUSTOMER_ASKED.search(t):
        return m.group(0)
    if m := _CUSTOMER_ADVISED.search(t):
        return m.group(0)
    return None


def third_party_cue(text: str, heading: str = "") -> str | None:
    """Return a cue when the clause states someone else's duty or a selection criterion.

    ``heading`` is the clause's heading path; criteria lists (選定基準, 確認リスト) under such a
    heading describe the provider, not the company's own measures.
    """
    t = text.strip()
    if m := _THIRD_PARTY_SUBJECT.search(t):
        return m.group(0)
    if m := _CUSTOMER_OWN_RESPONSIBILITY.search(t):
        return m.group(0)
    if _CRITERION_END.search(t) and (h := _CRITERION_HEADING.search(heading)):
        return f"{h.group(0)}: {t[-12:]}"
    if re.search(r"ていること。?\s*$|を条件とする。?\s*$", t) and (h := _CRITERION_HEADING.search(heading)):
        return h.group(0)
    return None
