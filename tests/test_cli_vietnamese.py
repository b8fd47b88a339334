"""The command lines speak Vietnamese: argparse's usage, section titles, -h and errors, and every
option's placeholder (loaders/cli_parser.py)."""
import re

import pytest

from loaders import cli as loaders_cli
from loaders import cli_accounts
from loaders.cli_parser import vietnamese_error
from metrics import cli as metrics_cli
from metrics import cli_budget, cli_scenarios

# argparse's own English, as CPython 3.11 writes it
ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "required:",
           "unrecognized", "invalid choice", "choose from", "expected one argument", "invalid")

COMMANDS = {
    "loaders": (loaders_cli.main, []),
    "loaders template": (loaders_cli.main, ["template"]),
    "loaders accounts": (cli_accounts.main, []),
    "loaders accounts add": (cli_accounts.main, ["add"]),
    "loaders accounts changes": (cli_accounts.main, ["changes"]),
    "metrics": (metrics_cli.main, []),
    "metrics budget": (cli_budget.main, []),
    "metrics scenarios": (cli_scenarios.main, []),
}


def _run(main, argv, capsys) -> str:
    with pytest.raises(SystemExit):
        main(argv)
    out, err = capsys.readouterr()
    return out + err


def _assert_vietnamese(shown: str) -> None:
    assert not [word for word in ENGLISH if word in shown.lower()], shown
    placeholders = set(re.findall(r"--[a-z-]+ ([A-Z][A-Z_]+)\b", shown)) - {"EMAIL"}
    assert not placeholders, f"English placeholders {placeholders} in\n{shown}"


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_vietnamese(name, capsys):
    main, argv = COMMANDS[name]
    shown = _run(main, argv + ["--help"], capsys)
    assert shown.startswith("cách dùng: python -m " + name.split()[0]), shown
    assert "tùy chọn:" in shown and "in hướng dẫn này rồi thoát" in shown
    _assert_vietnamese(shown)


@pytest.mark.parametrize("argv, said", [
    ([], "lỗi: thiếu tham số bắt buộc: BẢNG"),
    (["schools", "--format", "pdf"], "lỗi: tham số --format: 'pdf' không có, chọn một trong: 'csv', 'xlsx'"),
    (["schools", "--nope"], "lỗi: không hiểu tham số: --nope"),
    (["schools", "--db"], "lỗi: tham số --db: cần một giá trị"),
])
def test_metrics_errors_are_vietnamese(argv, said, capsys):
    shown = _run(metrics_cli.main, argv, capsys)
    assert said in shown and "cách dùng: python -m metrics" in shown
    _assert_vietnamese(shown)


def test_our_own_type_errors_keep_their_words(capsys):
    shown = _run(cli_budget.main, ["--budget", "abc"], capsys)
    assert "python -m metrics budget: lỗi: tham số --budget: số tiền 'abc' không đọc được" in shown
    shown = _run(cli_budget.main, ["--time-limit", "soon"], capsys)
    assert "tham số --time-limit: giá trị 'soon' không đọc được" in shown
    _assert_vietnamese(shown)


def test_subcommand_errors_are_vietnamese(capsys):
    shown = _run(cli_accounts.main, ["frob"], capsys)
    assert "tham số LỆNH: 'frob' không có, chọn một trong: 'list'" in shown
    _assert_vietnamese(shown)
    shown = _run(loaders_cli.main, [], capsys)
    assert "lỗi: thiếu tham số bắt buộc: TỆP" in shown
    shown = _run(cli_scenarios.main, [], capsys)  # the names are optional: only the action is missing
    assert shown.rstrip().endswith("lỗi: thiếu tham số bắt buộc: VIỆC")


def test_template_help_writes_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shown = _run(loaders_cli.main, ["template", "--help"], capsys)
    assert "cách dùng: python -m loaders template" in shown and not list(tmp_path.iterdir())
    shown = _run(loaders_cli.main, ["template"], capsys)
    assert "lỗi: thiếu tham số bắt buộc: TỆP_XLSX" in shown


def test_a_message_no_pattern_knows_is_shown_as_it_is():
    assert vietnamese_error("something new") == "something new"
    assert vietnamese_error("argument --x: expected 2 arguments") == "tham số --x: cần 2 giá trị"
