<#
  kiosk-browser.ps1 -Url URL [-Name NAME] [-Position X,Y]
  Edge (or Chrome) fullscreen in kiosk mode on URL, started again whenever it ends.
  Started at sign-in by the "Kiosk browser" task that install.ps1 registers. NAME keeps a
  profile of its own (the kiosk's device cookie survives restarts).
#>
param(
    [Parameter(Mandatory = $true)][string]$Url,
    [string]$Name = "kiosk",
    [string]$Position = ""
)

$candidates = @(
    "${env:ProgramFiles(x86)}\Microsoft\Edge\Application\msedge.exe",
    "$env:ProgramFiles\Microsoft\Edge\Application\msedge.exe",
    "$env:ProgramFiles\Google\Chrome\Application\chrome.exe",
    "${env:ProgramFiles(x86)}\Google\Chrome\Application\chrome.exe"
)
$browser = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $browser) { throw "No Edge or Chrome found." }

$profileDir = Join-Path $env:LOCALAPPDATA "kiosk-browser\$Name"
New-Item -ItemType Directory -Force -Path $profileDir | Out-Null

# The same promises as deploy/linux/bin/kiosk-browser: fullscreen, no error dialogs, no pinch
# zoom, no swipe navigation, sound without a touch, no translate bar, no first-run pages.
$flags = @(
    "--kiosk", $Url, "--edge-kiosk-type=fullscreen",
    "--noerrdialogs", "--disable-session-crashed-bubble", "--disable-infobars",
    "--disable-pinch", "--overscroll-history-navigation=0",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-features=Translate,TranslateUI,TouchpadOverscrollHistoryNavigation",
    "--no-first-run", "--no-default-browser-check",
    "--user-data-dir=$profileDir"
)
if ($Position) { $flags += "--window-position=$Position" }

while ($true) {
    # At start-up the server may still be starting: an error page would stay on screen.
    for ($i = 0; $i -lt 60; $i++) {
        try { Invoke-WebRequest -Uri $Url -UseBasicParsing -TimeoutSec 3 | Out-Null; break }
        catch { if ($_.Exception.Response) { break } ; Start-Sleep -Seconds 2 }
    }
    $prefs = Join-Path $profileDir "Default\Preferences"
    if (Test-Path $prefs) {
        # Written back without a byte-order mark, as Chromium wrote it.
        $text = [System.IO.File]::ReadAllText($prefs) -replace '"exit_type":"[A-Za-z]+"', '"exit_type":"Normal"'
        [System.IO.File]::WriteAllText($prefs, $text)
    }
    $process = Start-Process -FilePath $browser -ArgumentList $flags -PassThru
    $process.WaitForExit()
    Start-Sleep -Seconds 2
}
