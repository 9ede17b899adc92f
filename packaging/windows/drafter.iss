; Inno Setup 6 script: Drafter's Windows installer (per user, no administrator rights).
;
; Build on Windows after packaging/build has made dist\drafter\:
;     iscc /DAppVersion=0.1.0 packaging\windows\drafter.iss
; The result is dist\Drafter-<version>-setup.exe. The CI workflow passes the version
; from pyproject.toml; the default below is only for a build by hand.
;
; Per user: NGO laptops are often locked down, so the installer must not need an
; administrator. It installs into %LOCALAPPDATA%\Programs\Drafter, adds a Start menu
; entry, opens .drafter response files, and uninstalls from Settings > Apps.
; The user's data folder (platformdirs: %LOCALAPPDATA%\Drafter) is never touched by
; uninstall: responses and the library outlive the program.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Drafter"
#define AppPublisher "The Drafter developers"
#define AppExeName "drafter-gui.exe"
#define SourceDir "..\..\dist\drafter"

[Setup]
; A fixed AppId ties upgrades and the uninstaller together: never change it.
AppId={{6F0C3A52-8E1B-4D7A-9C44-2B5D9E7A1F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (C) {#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
AllowNoIcons=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=Drafter-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\drafter.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: both executables and _internal\ (Python, Qt, pandoc, styles).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\THIRD-PARTY-NOTICES"; DestDir: "{app}"; DestName: "THIRD-PARTY-NOTICES.txt"; Flags: ignoreversion

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so no file of an older build lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "Draft cited responses to public consultations"
Name: "{group}\Third-party notices"; Filename: "{app}\THIRD-PARTY-NOTICES.txt"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; .drafter response files open in Drafter (per user, under HKCU\Software\Classes).
Root: HKA; Subkey: "Software\Classes\.drafter"; ValueType: string; ValueName: ""; ValueData: "Drafter.Response"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.drafter"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-drafter"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Drafter.Response"; ValueType: string; ValueName: ""; ValueData: "Drafter Response"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Drafter.Response\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
; The file is not passed yet: drafter's command line does not take a file to open (a bare
; path is read as an unknown command). When it does, add  ""%1""  after the executable.
Root: HKA; Subkey: "Software\Classes\Drafter.Response\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".drafter"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
