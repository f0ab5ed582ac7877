<#
.SYNOPSIS
  Install, upgrade or remove the kiosk on a Windows 10/11 PC from an offline bundle made by
  `kiosk bundle --out DIR` (no internet needed). Step by step: docs\windows.md.

.EXAMPLE
  # PowerShell as Administrator, in the bundle's folder:
  Set-ExecutionPolicy -Scope Process Bypass
  .\windows\install.ps1 -Role one-pc -Printer "win32://XP-80C"
  .\windows\install.ps1 -Role kiosk-pc -Server http://192.168.1.10:8080 -Printer "win32://XP-80C" -Token TOKEN
  .\windows\install.ps1 -Role display -Server http://192.168.1.10:8080
  .\windows\install.ps1 -Uninstall

.NOTES
  Upgrading is the same command from a newer bundle: C:\kiosk\venv is replaced; the data
  (C:\kiosk\data) and the settings (kiosk.toml, the printer agent's values) are kept.
  Services: "kiosk" (kiosk serve) and "kiosk-printer" (kiosk-printer agent), both run by
  WinSW as NT AUTHORITY\LocalService. Tasks: "Kiosk browser" at sign-in, "Kiosk backup" nightly.
#>
param(
    [ValidateSet("one-pc", "server", "kiosk-pc", "display", "counter")][string]$Role = "one-pc",
    [string]$Server = "http://localhost:8080",
    [string]$Printer = "",
    [ValidateSet("80mm", "58mm")][string]$Paper = "80mm",
    [string]$Token = "",
    [string]$ScreenUser = "",
    [string]$DisplayPosition = "",
    [string]$Bundle = "",
    [string]$InstallDir = "C:\kiosk",
    [string]$WinSW = "",
    [string]$Python = "",
    [switch]$Uninstall
)
$ErrorActionPreference = "Stop"
$bound = $PSBoundParameters  # inside a function, $PSBoundParameters is the function's own
function Say([string]$Text) { Write-Host "kiosk: $Text" }

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw "Run PowerShell as Administrator (right-click, Run as administrator)."
}
$Server = $Server.TrimEnd("/")
$ServiceAccount = "NT AUTHORITY\LocalService"
$services = @{ "kiosk" = "kiosk-service"; "kiosk-printer" = "kiosk-printer-service" }

function Stop-KioskServices {
    foreach ($id in $services.Keys) {
        if (Get-Service -Name $id -ErrorAction SilentlyContinue) { Stop-Service -Name $id -Force }
    }
}

if ($Uninstall) {
    Stop-KioskServices
    foreach ($id in $services.Keys) {
        $wrapper = Join-Path $InstallDir "$($services[$id]).exe"
        if ((Get-Service -Name $id -ErrorAction SilentlyContinue) -and (Test-Path $wrapper)) { & $wrapper uninstall }
    }
    foreach ($task in "Kiosk browser", "Kiosk backup") {
        Unregister-ScheduledTask -TaskName $task -Confirm:$false -ErrorAction SilentlyContinue
    }
    Remove-NetFirewallRule -DisplayName "Kiosk server" -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $InstallDir "venv"), (Join-Path $InstallDir "bin")
    Say "removed; the data and settings in $InstallDir\data are kept"
    exit 0
}

# --- The bundle: every file as its manifest says ---
if (-not $Bundle) { $Bundle = Split-Path -Parent $PSScriptRoot }
$manifestFile = Join-Path $Bundle "manifest.json"
if (-not (Test-Path $manifestFile)) { throw "$Bundle is not a kiosk bundle (no manifest.json)." }
Say "checking the bundle's files against SHA256SUMS"
foreach ($line in Get-Content (Join-Path $Bundle "SHA256SUMS")) {
    $sum, $name = $line -split "  ", 2
    $actual = (Get-FileHash -Algorithm SHA256 -Path (Join-Path $Bundle $name)).Hash.ToLower()
    if ($actual -ne $sum) { throw "The bundle is damaged ($name): copy it again." }
}
$manifest = Get-Content -Raw $manifestFile | ConvertFrom-Json
$version = $manifest.version
Say "installing kiosk $version as $Role in $InstallDir"

# --- Python: the one installed for all users, else the installer carried in extras\ ---
function Find-Python {
    if ($Python) { return $Python }
    foreach ($v in "3.12", "3.11") {
        # No py launcher, or no such version: with "Stop", Windows PowerShell throws on either.
        try { $found = & py "-$v" -c "import sys; print(sys.executable)" 2>$null } catch { $found = $null }
        if ($found -and $LASTEXITCODE -eq 0) { return "$found".Trim() }
    }
    foreach ($v in "312", "311") {
        $candidate = "$env:ProgramFiles\Python$v\python.exe"
        if (Test-Path $candidate) { return $candidate }
    }
    return $null
}
$pythonExe = Find-Python
if (-not $pythonExe) {
    $installer = Get-ChildItem (Join-Path $Bundle "extras") -Filter "python-3.1*-amd64.exe" -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $installer) { throw "No Python 3.11 or 3.12 (64-bit): install it for all users, or put its installer in the bundle with kiosk bundle --include." }
    Say "installing $($installer.Name)"
    Start-Process -Wait -FilePath $installer.FullName -ArgumentList "/quiet", "InstallAllUsers=1", "PrependPath=1", "Include_test=0"
    $pythonExe = Find-Python
}

# --- The program: a new environment from the bundle's wheels, then swapped in ---
$venv = Join-Path $InstallDir "venv"
$newVenv = Join-Path $InstallDir "venv.new"
New-Item -ItemType Directory -Force -Path $InstallDir, "$InstallDir\bin", "$InstallDir\logs" | Out-Null
if (Test-Path $newVenv) { Remove-Item -Recurse -Force $newVenv }
& $pythonExe -m venv $newVenv
if ($LASTEXITCODE -ne 0) { throw "python -m venv failed" }
$requirement = "kiosk==$version"
$pipArgs = @("install", "--no-index", "--find-links", (Join-Path $Bundle "wheels"), "--disable-pip-version-check", "-q")
if ($manifest.dependencies) {
    if ($manifest.extras) { $requirement = "kiosk[$($manifest.extras)]==$version" }
    $pipArgs += @($requirement, "pywin32")
} else {
    $pipArgs += @("--no-deps", $requirement)
}
& "$newVenv\Scripts\python.exe" -m pip @pipArgs
if ($LASTEXITCODE -ne 0) { throw "The bundle's wheels do not fit this Python ($pythonExe): make the bundle with --python for it." }
# venv scripts name their environment by path: build at venv.new, then rebuild the launchers in place.
Stop-KioskServices
if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
Remove-Item -Recurse -Force $newVenv
& $pythonExe -m venv $venv
& "$venv\Scripts\python.exe" -m pip @pipArgs
if ($LASTEXITCODE -ne 0) { throw "pip install into $venv failed" }

# --- Data, settings, fonts, scripts ---
$data = Join-Path $InstallDir "data"
foreach ($dir in "instance", "backups", "printer") { New-Item -ItemType Directory -Force -Path (Join-Path $data $dir) | Out-Null }
# The services run as LocalService: they may change their data and logs, read the rest.
icacls $data /grant "${ServiceAccount}:(OI)(CI)M" /T /Q | Out-Null
icacls "$InstallDir\logs" /grant "${ServiceAccount}:(OI)(CI)M" /T /Q | Out-Null
$toml = Join-Path $data "instance\kiosk.toml"
if (-not (Test-Path $toml)) {
    $lines = @("# Settings of the kiosk server (docs\deployment.md); restart the service after a change:", "#   Restart-Service kiosk")
    if ($Role -eq "one-pc" -and $Printer) { $lines += "printer = `"$Printer`"", "printer_paper = `"$Paper`"" }
    # UTF-8 without a byte-order mark: Python's TOML reader refuses one (Set-Content adds it).
    [System.IO.File]::WriteAllLines($toml, [string[]]$lines)
}
if (Test-Path (Join-Path $Bundle "fonts")) { Copy-Item -Recurse -Force (Join-Path $Bundle "fonts") $InstallDir }
Copy-Item -Force (Join-Path $PSScriptRoot "kiosk-browser.ps1"), (Join-Path $PSScriptRoot "kiosk-backup.ps1") "$InstallDir\bin"
Copy-Item -Force $manifestFile "$InstallDir\manifest.json"

# --- The services (WinSW) ---
if (-not $WinSW) { $WinSW = Join-Path $Bundle "extras\WinSW-x64.exe" }
function Get-PrinterAgentValue([string]$Name) {
    $installed = Join-Path $InstallDir "kiosk-printer-service.xml"
    if (-not (Test-Path $installed)) { return $null }
    [xml]$old = Get-Content -Raw $installed
    return ($old.service.env | Where-Object { $_.name -eq $Name }).value
}
function Install-KioskService([string]$Id) {
    $name = $services[$Id]
    if (-not (Test-Path $WinSW)) { throw "WinSW-x64.exe not found: give -WinSW PATH, or make the bundle with --include WinSW-x64.exe" }
    Copy-Item -Force $WinSW (Join-Path $InstallDir "$name.exe")
    $xmlTarget = Join-Path $InstallDir "$name.xml"
    [xml]$xml = Get-Content -Raw (Join-Path $PSScriptRoot "$name.xml")
    if ($Id -eq "kiosk-printer") {
        # A value given now wins; else the one of the installed copy (an upgrade); else the example.
        $given = @{ "KIOSK_SERVER" = "Server"; "KIOSK_PRINTER" = "Printer"; "KIOSK_PRINTER_PAPER" = "Paper"; "KIOSK_PRINTER_TOKEN" = "Token" }
        foreach ($entry in $xml.service.env) {
            $parameter = $given[$entry.name]
            if ($parameter -and $bound.ContainsKey($parameter)) {
                $entry.value = (Get-Variable -Name $parameter).Value
            } elseif ($parameter) {
                $kept = Get-PrinterAgentValue $entry.name
                if ($kept) { $entry.value = $kept }
            }
        }
    }
    $xml.Save($xmlTarget)
    icacls $xmlTarget /inheritance:r /grant:r "Administrators:F" "SYSTEM:F" "${ServiceAccount}:R" /Q | Out-Null
    $wrapper = Join-Path $InstallDir "$name.exe"
    if (-not (Get-Service -Name $Id -ErrorAction SilentlyContinue)) { & $wrapper install }
    # A built-in account with no password (sc.exe would need an empty argument, which
    # Windows PowerShell 5.1 drops).
    $service = Get-CimInstance Win32_Service -Filter "Name='$Id'"
    Invoke-CimMethod -InputObject $service -MethodName Change -Arguments @{ StartName = $ServiceAccount; StartPassword = "" } | Out-Null
    sc.exe failureflag $Id 1 | Out-Null
    Start-Service -Name $Id
    Say "service $Id started"
}

if ($Role -in "one-pc", "server") {
    Install-KioskService "kiosk"
    New-NetFirewallRule -DisplayName "Kiosk server" -Direction Inbound -Protocol TCP -LocalPort 8080 -Action Allow -Profile Domain, Private -ErrorAction SilentlyContinue | Out-Null
    $backup = New-ScheduledTaskAction -Execute "powershell.exe" -Argument "-NoProfile -ExecutionPolicy Bypass -File `"$InstallDir\bin\kiosk-backup.ps1`" -InstallDir `"$InstallDir`""
    $nightly = New-ScheduledTaskTrigger -Daily -At "02:30"
    Register-ScheduledTask -TaskName "Kiosk backup" -Action $backup -Trigger $nightly -User "SYSTEM" -RunLevel Highest -Force | Out-Null
}
if ($Role -eq "kiosk-pc") {
    if (-not $Token -and -not (Get-PrinterAgentValue "KIOSK_PRINTER_TOKEN")) { Say "no -Token: the printer agent starts once you run this again with -Token (from kiosk devices add)" }
    else { Install-KioskService "kiosk-printer" }
}

# --- The screen: a browser in kiosk mode at sign-in (or Assigned Access, docs\windows.md) ---
$urls = @{ "one-pc" = "$Server/kiosk/"; "kiosk-pc" = "$Server/kiosk/"; "display" = "$Server/display"; "counter" = "$Server/staff/" }
if ($urls.ContainsKey($Role)) {
    $arguments = "-NoProfile -WindowStyle Hidden -ExecutionPolicy Bypass -File `"$InstallDir\bin\kiosk-browser.ps1`" -Url `"$($urls[$Role])`""
    if ($Role -eq "display") { $arguments += " -Name display" }
    if ($Role -eq "counter") {
        # Staff keep their desktop: a shortcut, not a locked fullscreen window.
        $shell = New-Object -ComObject WScript.Shell
        $link = $shell.CreateShortcut("$env:PUBLIC\Desktop\Counter console.lnk")
        $link.TargetPath = "${env:ProgramFiles(x86)}\Microsoft\Edge\Application\msedge.exe"
        $link.Arguments = "--app=$($urls[$Role]) --start-maximized"
        $link.Save()
    } else {
        $action = New-ScheduledTaskAction -Execute "powershell.exe" -Argument $arguments
        $trigger = if ($ScreenUser) { New-ScheduledTaskTrigger -AtLogOn -User $ScreenUser } else { New-ScheduledTaskTrigger -AtLogOn }
        Register-ScheduledTask -TaskName "Kiosk browser" -Action $action -Trigger $trigger -Force | Out-Null
        if ($Role -eq "one-pc" -and $DisplayPosition) {
            $hall = New-ScheduledTaskAction -Execute "powershell.exe" -Argument "-NoProfile -WindowStyle Hidden -ExecutionPolicy Bypass -File `"$InstallDir\bin\kiosk-browser.ps1`" -Url `"$Server/display`" -Name display -Position $DisplayPosition"
            Register-ScheduledTask -TaskName "Kiosk hall display" -Action $hall -Trigger $trigger -Force | Out-Null
        }
        # The screen never blanks and the PC never sleeps.
        powercfg /change monitor-timeout-ac 0
        powercfg /change standby-timeout-ac 0
    }
}
Say "kiosk $version installed ($Role)."
