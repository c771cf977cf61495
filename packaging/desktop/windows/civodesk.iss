; Windows installer for CivoDesk (Inno Setup 6.3 or later), built from the PyInstaller folder.
;
; From the project root, on Windows, after `pyinstaller --noconfirm packaging\desktop\civodesk.spec`:
;     iscc packaging\desktop\windows\civodesk.iss
; writes dist\CivoDesk-0.1.0-setup.exe. Pass /DAppVersion=X.Y.Z when the version changes.
;
; The installation is per user (no administrator rights): the program goes to
; %LOCALAPPDATA%\Programs\CivoDesk. The meetings live elsewhere, in the user data folder
; %LOCALAPPDATA%\CivoDesk (or CIVODESK_HOME), which the uninstaller never touches.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "CivoDesk"
#define AppExe "CivoDesk.exe"
#define DistDir "..\..\..\dist\CivoDesk"

[Setup]
; The AppId identifies CivoDesk for upgrades and uninstallation: never change it.
AppId={{3215B475-47AC-4C22-9C18-50673EED1A96}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CivoDesk contributors
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\..\dist
OutputBaseFilename=CivoDesk-{#AppVersion}-setup
SetupIconFile={#DistDir}\_internal\civodesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.DataKept=Vos réunions n'ont pas été supprimées. Elles restent dans %1 ; supprimez ce dossier vous-même si vous n'en avez plus besoin (pensez à en garder une sauvegarde).
en.DataKept=Your meetings were not deleted. They remain in %1; delete that folder yourself if you no longer need them (consider keeping a backup).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The data folder is platformdirs' user data dir for "CivoDesk": say that it stays, and where. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := GetEnv('CIVODESK_HOME');
    if DataDir = '' then
      DataDir := ExpandConstant('{localappdata}\{#AppName}');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
