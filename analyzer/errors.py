"""Coded error messages in one place (Japanese and English).

Every error a user can see has a code. The CLI prints ``[E101] 日本語 / English`` on
stderr and exits with code 2; the dashboard shows the same text. Tests match on the code.
"""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    """Codes and their bilingual message templates (``str.format`` fields)."""

    # --- input files (E1xx) -------------------------------------------------
    E101 = "ファイルが見つかりません: {path} / File not found: {path}"
    E102 = "ファイルが空です: {path} / The file is empty: {path}"
    E103 = (
        "対応していない形式です（{detail}）。.txt / .md / .docx / .pdf を指定してください。"
        " / Unsupported format ({detail}). Use .txt, .md, .docx or .pdf."
    )
    E104 = (
        "旧形式の Word 文書（.doc）です。Word で .docx 形式に保存し直してください。"
        " / This is a legacy Word .doc file. Save it as .docx and try again."
    )
    E105 = (
        "文字コードを判定できません（UTF-8 / Shift_JIS(CP932) 以外）: {path}"
        " / Cannot decode the text (not UTF-8 or Shift_JIS/CP932): {path}"
    )
    E106 = (
        "ファイルが大きすぎます（{size} > 上限 {limit}）。 / The file is too large ({size} > limit {limit})."
    )
    E107 = (
        "ページ数が多すぎます（{pages} > 上限 {limit} ページ）。 / Too many pages ({pages} > limit {limit})."
    )
    E108 = "ファイルを読み込めません: {path}（{detail}） / Cannot read the file: {path} ({detail})"
    E110 = (
        "PDF がパスワードで保護されています。保護を解除してから指定してください。"
        " / The PDF is password-protected. Remove the protection and try again."
    )
    E111 = (
        "PDF を読み取れません（壊れているか PDF ではありません）: {detail}"
        " / The PDF cannot be read (damaged or not a PDF): {detail}"
    )
    E112 = (
        "PDF にテキスト層がありません（スキャン画像の可能性）。OCR でテキスト化してから指定してください。"
        " / The PDF has no text layer (scanned image?). Run OCR first."
    )
    E113 = (
        "PDF の読み取りが制限時間（{seconds} 秒）を超えました。"
        " / Reading the PDF exceeded the time limit ({seconds} s)."
    )
    E120 = (
        "DOCX を読み取れません（壊れているか DOCX ではありません）: {detail}"
        " / The DOCX cannot be read (damaged or not a DOCX): {detail}"
    )
    E121 = (
        "DOCX の展開後サイズ・エントリ数・圧縮率が上限を超えています（{detail}）。"
        " / The DOCX exceeds the limits on uncompressed size, entry count or ratio ({detail})."
    )
    E122 = (
        "DOCX がパスワードで保護（暗号化）されています。保護を解除してから指定してください。"
        " / The DOCX is password-protected (encrypted). Remove the protection and try again."
    )
    E130 = "文書から本文を抽出できませんでした: {path} / No text could be extracted: {path}"
    # --- rulesets (E2xx) ----------------------------------------------------
    E201 = "ルールセットが見つかりません: {id}（利用可能: {available}） / Unknown ruleset: {id} (available: {available})"
    E202 = "ルールセットの形式が不正です: {file}: {key}: {detail} / Invalid ruleset {file}: {key}: {detail}"
    E203 = "ルールセットが未定義の語彙を参照しています: {file}: {key}: {name} / Ruleset {file} refers to unknown concept {name} at {key}"
    # --- command line / settings (E3xx) ------------------------------------
    E301 = "出力先に書き込めません: {path} / Cannot write the output file: {path}"
    E302 = "引数が不正です: {detail} / Invalid argument: {detail}"
    E303 = "モデルファイルを読み込めません: {path} / Cannot load the model file: {path}"

    # --- warnings (W) are not errors; they go into Document.warnings --------


class Warning_(str, Enum):
    """Non-fatal findings recorded on a document (shown, never raised)."""

    W001 = "日本語の本文がほとんど含まれていません（{ratio:.0%}）。結果は信頼できません。 / The text is mostly not Japanese ({ratio:.0%}); results are unreliable."
    W002 = "テキストを CP932 (Shift_JIS) として読み込みました。 / Decoded the text as CP932 (Shift_JIS)."
    W003 = "PDF の {count} ページ（p. {pages}）にテキストがありません（スキャン画像の可能性）。 / {count} PDF page(s) (p. {pages}) have no text (scanned?)."


class KiteiError(Exception):
    """An error with a code and a bilingual message; never shown as a traceback."""

    def __init__(self, code: ErrorCode, **fields: object) -> None:
        """Build the error from a code and the fields of its message template."""
        self.code = code
        self.fields = fields
        try:
            message = code.value.format(**fields)
        except (KeyError, IndexError):  # a template field was not given
            message = code.value
        super().__init__(f"[{code.name}] {message}")

    @property
    def message(self) -> str:
        """The formatted ``[Exxx] 日本語 / English`` message."""
        return str(self)


def warning(code: Warning_, **fields: object) -> str:
    """Format a warning as ``[Wxxx] 日本語 / English``."""
    return f"[{code.name}] {code.value.format(**fields)}"
