<#
  kiosk-backup.ps1: one backup into C:\kiosk\data\backups, then only the newest 14 are kept.
  Run nightly by the "Kiosk backup" task that install.ps1 registers.
#>
param(
    [string]$InstallDir = "C:\kiosk",
    [int]$Keep = 14,
    [string]$Suffix = ".backup"
)
$ErrorActionPreference = "Stop"
$env:KIOSK_INSTANCE_PATH = Join-Path $InstallDir "data\instance"
$backups = Join-Path $InstallDir "data\backups"
New-Item -ItemType Directory -Force -Path $backups | Out-Null
$out = Join-Path $backups ("kiosk-" + (Get-Date -Format "yyyyMMdd-HHmm") + $Suffix)
& (Join-Path $InstallDir "venv\Scripts\kiosk.exe") backup --out $out
if ($LASTEXITCODE -ne 0) { throw "kiosk backup failed ($LASTEXITCODE)" }
Get-ChildItem -Path $backups -Filter ("kiosk-*" + $Suffix) |
    Sort-Object Name -Descending | Select-Object -Skip $Keep | Remove-Item -Force
