; Inno Setup script: installs the PyInstaller folder (dist\socle-desktop) for the current user,
; without administrator rights (town-hall PCs are often locked down), in French.
; Built by packaging\windows\build.ps1 (see packaging\windows\README.md), which passes the version:
;     iscc /DAppVersion=0.2.0 packaging\windows\socle-desktop.iss
; User data (the library, backups, signing identities, the outbox) lives in
; %LOCALAPPDATA%\socle-desktop and is never removed by the uninstaller: nothing here names it.
; No file association is registered: .zip stays with the system (a bundle is opened from the app).

#define AppName "socle-desktop"
#ifndef AppVersion
  #error AppVersion must be given: iscc /DAppVersion=X.Y.Z (socle-desktop.exe --version)
#endif

[Setup]
AppId={{6F1C0B8E-5D42-4C1B-9E6A-1F0D5C2B7A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=socle-desktop
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ChangesAssociations=no
OutputDir=..\..\dist
OutputBaseFilename=socle-desktop-{#AppVersion}-installation
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=socle-desktop.ico
UninstallDisplayIcon={app}\socle-desktop.exe
UninstallDisplayName={#AppName}
; An update closes the running program first (the library is locked while it is open).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"

[Files]
Source: "..\..\dist\socle-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update replaces the program folder whole (a module removed upstream must not linger).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\socle-desktop"; Filename: "{app}\socle-desktop.exe"; Comment: "Dossier socle numérique des écoles"
Name: "{group}\Vérifier un paquet"; Filename: "{app}\socle-desktop.exe"; Parameters: "--verifier"; Comment: "Vérifier un paquet de dépôt (.zip) reçu ou à envoyer"
Name: "{group}\Désinstaller socle-desktop"; Filename: "{uninstallexe}"
Name: "{userdesktop}\socle-desktop"; Filename: "{app}\socle-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\socle-desktop.exe"; Description: "Lancer socle-desktop"; Flags: nowait postinstall skipifsilent
