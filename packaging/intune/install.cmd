@echo off
rem WmiFixedPort - Intune Win32 app install command (Intune runs it as SYSTEM from the unpacked .intunewin content).
rem No property on the command line: values come from Group Policy (HKLM\SOFTWARE\Policies\WmiFixedPort), then the
rem values remembered by an installed version, then the defaults. A property added below WINS over policy, e.g.
rem   ... /l*v "%SystemRoot%\Temp\WmiFixedPort-install.log" FIREWALL_REMOTE_ADDRESSES=10.1.2.10,10.1.2.11 FIREWALL_PROFILE=domain
rem Return codes (the Intune defaults): 0 success, 1707 success, 3010 soft reboot, 1641 hard reboot, 1618 retry.
"%SystemRoot%\System32\msiexec.exe" /i "%~dp0WmiFixedPort.msi" /qn /norestart /l*v "%SystemRoot%\Temp\WmiFixedPort-install.log"
exit /b %ERRORLEVEL%
