@echo off
rem WmiFixedPort - Intune Win32 app install command (Intune runs it as SYSTEM from the unpacked .intunewin content).
rem Runs Install-WmiFixedPort.ps1 (beside this file) in 64-bit Windows PowerShell: it keeps a protected copy of
rem WmiFixedPort.msi under %ProgramData%\WmiFixedPort\Source for later repairs, installs from it, or - when this
rem version is installed - reinstalls for real (REINSTALL=ALL REINSTALLMODE=vamus). Returns msiexec's exit code
rem unchanged (Intune's defaults: 0, 1707 success; 3010 soft reboot; 1641 hard reboot; 1618 retry; anything else is a
rem failure, 1639 "invalid command line" - a value install.cmd refuses - included).
rem Properties go after the command and win over Group Policy, now and at every repair, e.g.
rem   install.cmd FIREWALL_REMOTE_ADDRESSES=10.1.2.10,10.1.2.11 FIREWALL_PROFILE=domain
set "WFP_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "WFP_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"
"%WFP_PS%" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0Install-WmiFixedPort.ps1" %*
exit /b %ERRORLEVEL%
