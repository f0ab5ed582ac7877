"""deploy/windows is well-formed (no PowerShell here to run it): the WinSW files parse as XML
and name the services install.ps1 installs; the Edge launcher keeps the Linux one's promises."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "deploy" / "windows"
SERVICES = {"kiosk-service.xml": "kiosk", "kiosk-printer-service.xml": "kiosk-printer"}


@pytest.mark.parametrize(("name", "service_id"), sorted(SERVICES.items()))
def test_the_winsw_files_parse_and_run_the_installed_commands(name, service_id):
    service = ElementTree.parse(WINDOWS / name).getroot()
    assert service.tag == "service"
    assert service.findtext("id") == service_id
    executable = service.findtext("executable")
    assert executable in (
        r"%BASE%\venv\Scripts\kiosk.exe",
        r"%BASE%\venv\Scripts\kiosk-printer.exe",
    )
    assert service.findtext("startmode") == "Automatic"
    assert [f.get("action") for f in service.findall("onfailure")] == ["restart"] * 3
    arguments = service.findtext("arguments")
    assert arguments.split()[0] == ("serve" if service_id == "kiosk" else "agent")


def test_the_printer_agent_takes_its_token_from_the_environment_not_the_command_line():
    service = ElementTree.parse(WINDOWS / "kiosk-printer-service.xml").getroot()
    names = {env.get("name") for env in service.findall("env")}
    assert {"KIOSK_SERVER", "KIOSK_PRINTER", "KIOSK_PRINTER_TOKEN"} <= names
    assert "token" not in service.findtext("arguments").lower()


def test_install_ps1_names_the_services_files_and_tasks():
    script = (WINDOWS / "install.ps1").read_text()
    for needed in (
        '"kiosk" = "kiosk-service"',
        '"kiosk-printer" = "kiosk-printer-service"',
        "NT AUTHORITY\\LocalService",
        '"Kiosk browser"',
        '"Kiosk backup"',
        "--no-index",
        "SHA256SUMS",
    ):
        assert needed in script, needed
    for file in ("kiosk-browser.ps1", "kiosk-backup.ps1", *SERVICES):
        assert (WINDOWS / file).is_file()


@pytest.mark.parametrize("name", ["install.ps1", "kiosk-browser.ps1", "kiosk-backup.ps1"])
def test_the_powershell_scripts_brackets_balance(name):
    text = (WINDOWS / name).read_text()
    text = re.sub(r"<#.*?#>", "", text, flags=re.S)  # block comments
    for opening, closing in ("{}", "()", "[]"):
        depth = 0
        for char in text:
            depth += (char == opening) - (char == closing)
            assert depth >= 0, f"{name}: a {closing} closes nothing"
        assert depth == 0, f"{name}: {opening} opened and not closed"


def test_the_edge_launcher_passes_the_same_promised_flags_as_the_linux_one():
    edge = (WINDOWS / "kiosk-browser.ps1").read_text()
    linux = (ROOT / "deploy" / "linux" / "bin" / "kiosk-browser").read_text()
    promised = (
        "--kiosk",
        "--noerrdialogs",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--autoplay-policy=no-user-gesture-required",
        "--disable-features=Translate,TranslateUI,TouchpadOverscrollHistoryNavigation",
    )
    for flag in promised:
        assert flag in edge and flag in linux, flag
    assert "--edge-kiosk-type=fullscreen" in edge
