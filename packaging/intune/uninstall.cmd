@echo off
rem WmiFixedPort - Intune Win32 app uninstall command (SYSTEM). Runs Uninstall-WmiFixedPort.ps1 (beside this file):
rem removes every installed WmiFixedPort version, found by UpgradeCode (no 1605 when another version is installed),
rem which puts WMI back exactly as it was before the first install, then deletes the kept MSI copies.
rem Return codes: 0 success (also when nothing is installed), 3010 soft reboot, 1618 another installation running.
set "WFP_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"
if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "WFP_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"
"%WFP_PS%" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0Uninstall-WmiFixedPort.ps1"
exit /b %ERRORLEVEL%
