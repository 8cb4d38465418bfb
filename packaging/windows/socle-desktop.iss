; Inno Setup script: installs the PyInstaller folder (dist\socle-desktop) for the current user,
; without administrator rights (town-hall PCs are often locked down).
;     iscc packaging\windows\socle-desktop.iss
; User data (the library, backups, the local signing identity) lives in %LOCALAPPDATA%\socle-desktop
; and is never removed by the uninstaller.

#define AppName "socle-desktop"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1C0B8E-5D42-4C1B-9E6A-1F0D5C2B7A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=socle-desktop
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=socle-desktop-{#AppVersion}-installation
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=socle-desktop.ico
UninstallDisplayIcon={app}\socle-desktop.exe

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"

[Files]
Source: "..\..\dist\socle-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\socle-desktop"; Filename: "{app}\socle-desktop.exe"; Comment: "Dossier socle numérique des écoles"
Name: "{group}\Désinstaller socle-desktop"; Filename: "{uninstallexe}"
Name: "{userdesktop}\socle-desktop"; Filename: "{app}\socle-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\socle-desktop.exe"; Description: "Lancer socle-desktop"; Flags: nowait postinstall skipifsilent
