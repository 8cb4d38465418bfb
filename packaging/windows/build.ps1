# Windows build of socle-desktop: the same steps and checks as packaging/build.sh on Linux,
# line for line, then the Inno Setup installer. Run from the repository's root in PowerShell:
#
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#
# Needs Python 3.11+ (python.org installer, "py" launcher) and Inno Setup 6 (iscc on PATH or in
# its default folder). Nothing here needs administrator rights.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Checked([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What a échoué (code $LASTEXITCODE)" }
}

# 1. The package and its tests, as in the README (build.sh expects them done by .ci/run).
Invoke-Checked "venv" { py -3.11 -m venv .venv }
$python = ".venv\Scripts\python.exe"
Invoke-Checked "pip install" { & $python -m pip install -q ".[test]" }
Invoke-Checked "pytest" { & $python -m pytest }

# 2. The icon, rendered from the SVG (build.sh renders the PNGs for the .deb the same way).
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked "icônes" { & $python packaging\render_icons.py build\icons --ico packaging\windows\socle-desktop.ico }

# 3. The frozen program (same pinned PyInstaller and spec as build.sh).
Invoke-Checked "pyinstaller" { & $python -m pip install -q "pyinstaller==6.22.3" }
if (Test-Path build\frozen) { Remove-Item -Recurse -Force build\frozen }
Invoke-Checked "PyInstaller" { & $python -m PyInstaller --noconfirm --log-level WARN --distpath build\frozen\dist --workpath build\frozen\work packaging\socle-desktop.spec }
$size = (Get-ChildItem -Recurse build\frozen\dist\socle-desktop | Measure-Object -Sum Length).Sum / 1MB
Write-Output ("Programme figé : {0:N0} Mo" -f $size)

# 4. The same checks as on Linux, on the console twin (the windowed .exe has no stdout).
Invoke-Checked "check_frozen" { & $python packaging\check_frozen.py build\frozen\dist\socle-desktop\socle-desktop-console.exe --verifier $python }

# 5. The installer, then a silent per-user install, the same checks on the installed copy,
#    and a silent uninstall (which must leave %LOCALAPPDATA%\socle-desktop in place).
$version = (& build\frozen\dist\socle-desktop\socle-desktop-console.exe --version).Split(" ")[1]
$iscc = (Get-Command iscc -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
Invoke-Checked "Inno Setup" { & $iscc "/DAppVersion=$version" /Q packaging\windows\socle-desktop.iss }
$installer = "dist\socle-desktop-$version-installation.exe"
$target = Join-Path $env:LOCALAPPDATA "Programs\socle-desktop"
Start-Process -Wait $installer -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER"
Invoke-Checked "check_frozen (installé)" { & $python packaging\check_frozen.py (Join-Path $target "socle-desktop-console.exe") --verifier $python }
New-Item -ItemType Directory -Force (Join-Path $env:LOCALAPPDATA "socle-desktop") | Out-Null
Start-Process -Wait (Join-Path $target "unins000.exe") -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES"
if (-not (Test-Path (Join-Path $env:LOCALAPPDATA "socle-desktop"))) { throw "la désinstallation a effacé les données" }
Write-Output "Installateur : $installer"
