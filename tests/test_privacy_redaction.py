"""Redaction order: a build with personal data produces no site at all, not even the previous one.

Runs `mkdocs build` in a temporary copy of the project (its config, theme, docs and bulletins/).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

from conftest import copy_site_files, item_text
from stdnum.cn import ric

PROJECT = pathlib.Path(__file__).resolve().parent.parent


def mkdocs_build(root: pathlib.Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GONGKAI_AS_OF="2026-11-15")
    env.pop("GONGKAI_PREVIOUS", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def test_build_with_an_id_number_leaves_no_site(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PROJECT / "bulletins", root / "bulletins")
    copy_site_files(root)

    first = mkdocs_build(root)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (root / "site" / "index.html").is_file()  # a deployable site from the clean content

    body17 = "61011319580301123"
    number = body17 + ric.calc_check_digit(body17 + "0")
    body = ("## 发放对象\n\n| 姓名 | 身份证号 | 金额（元） |\n|---|---|---:|\n"
            f"| 王秀兰 | {number} | 680.00 |\n\n## 发放标准\n\n每人每月 680 元。\n\n"
            "## 政策依据\n\n《陕西省最低生活保障办法》。\n\n## 监督电话\n\n029-84561234\n")
    item = root / "bulletins" / "yuhuazhai" / "2026" / "relief-pii-test.md"
    item.parent.mkdir(parents=True, exist_ok=True)
    item.write_text(item_text("relief", body=body), encoding="utf-8")

    second = mkdocs_build(root)
    assert second.returncode != 0
    assert "bulletins/yuhuazhai/2026/relief-pii-test.md:15:9: GK501 [错误]" in second.stderr
    assert number not in second.stderr  # the build log (public in CI) shows only the masked form
    assert "Traceback" not in second.stderr
    assert not (root / "site").exists()  # nothing left that could be deployed by mistake
