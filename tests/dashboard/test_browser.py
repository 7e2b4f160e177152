"""End to end in a real headless browser: Playwright driving Debian's Chromium.

Serves the dashboard with ``streamlit run`` on a free port of 127.0.0.1 (rules-only
analyser, a temporary SQLite database), uploads a .docx in which 7-6-3 is a gap, opens
its evidence, records a decision, reloads the page and checks that the decision was
kept. A screenshot goes to ``test-artifacts/`` (git-ignored). Needs the Debian packages
``chromium`` and ``fonts-noto-cjk``; never ``playwright install``.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COMMENT = "総務省への報告の定めがない。第3条に追記を依頼。"

pytestmark = [
    pytest.mark.browser,
    # `make test` installs Chromium (make system-deps); only a bare `pytest` run may skip.
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("KITEI_REQUIRE_BROWSER"),
        reason=f"{CHROMIUM} missing: apt-get install chromium",
    ),
]


def policy_docx() -> bytes:
    """A short 規程 whose leaks are reported only to 個人情報保護委員会 (7-6-3 is a gap)."""
    from docx import Document

    doc = Document()
    doc.add_heading("情報セキュリティ規程", level=1)
    for text in (
        "第1条（目的）本規程は、当社の情報資産を保護するための基本方針を定める。",
        "第2条（適用範囲）本規程は全従業員に適用する。",
        "第3条（漏えい時の対応）個人データの漏えいが発生した場合は、個人情報保護委員会に報告する。",
        "第4条（アクセスログ）アクセスログは3年間保存する。",
    ):
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "KITEI_DB": str(tmp_path / "kitei.db"),
        "KITEI_ANALYZER_MODE": "rules",
    }
    env.pop("KITEI_DB_URL", None)
    env.pop("KITEI_SAMPLE", None)
    log = (tmp_path / "streamlit.log").open("wb")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with {proc.returncode}: {(tmp_path / 'streamlit.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer /_stcore/health within 30 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def test_upload_review_reload_keeps_the_decision(server):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800}, locale="ja-JP")
            page.set_default_timeout(30_000)
            page.goto(server)
            expect(page.get_by_role("heading", name="規程の分析")).to_be_visible()

            # upload the .docx; the analysis runs with a progress bar, then the overview shows
            page.locator('[data-testid="stFileUploader"] input[type=file]').first.set_input_files(
                files=[{"name": "規程.docx", "mimeType": DOCX_MIME, "buffer": policy_docx()}]
            )
            expect(page.get_by_text("概要: 規程.docx")).to_be_visible()
            expect(page.get_by_text("推定: ").first).to_be_visible()

            # the gap list has 7-6-3
            page.get_by_role("link", name="指摘事項と根拠").click()
            expect(page.get_by_role("heading", name="指摘事項と根拠")).to_be_visible()
            search = page.get_by_label("項目番号・キーワード")
            search.fill("7-6-3")
            search.press("Enter")
            grid = page.locator('[data-testid="stDataFrame"]').first
            expect(grid.locator("td", has_text="7-6-3")).to_be_attached()  # the grid's accessible table

            # its evidence: the clause highlighted in context, with its locator
            expect(page.get_by_role("heading", name="7-6-3")).to_be_visible()
            expect(page.locator("mark.kitei-evidence").first).to_contain_text("個人情報保護委員会に報告する")
            locator = page.locator(
                '[data-testid="stMarkdownContainer"] strong', has_text="情報セキュリティ規程 > 第3条"
            )
            expect(locator.first).to_be_visible()
            page.get_by_text("文書全体で表示（根拠を強調）").click()

            # record a decision
            page.locator('[data-testid="stSelectbox"]', has_text="判定の上書き").click()
            page.get_by_role("option", name="✗ 不足").click()
            page.get_by_label("コメント").fill(COMMENT)
            page.get_by_label("レビュー担当者（任意）").fill("審査員A")
            page.get_by_role("button", name="判定を保存").click()
            expect(page.get_by_text("レビュー判定を保存しました。")).to_be_visible()

            # reload: a new session restores the document from the URL and the store
            page.reload()
            expect(page.get_by_text("保存済みのレビュー判定")).to_be_visible()
            expect(page.get_by_text(COMMENT).first).to_be_visible()
            expect(page.get_by_label("コメント")).to_have_value(COMMENT)
            assert "doc=" in page.url and "topic=7-6-3" in page.url
            page.wait_for_timeout(500)
            page.screenshot(path=str(ARTIFACTS / "dashboard-e2e.png"))
        finally:
            browser.close()
