@echo off
rem WmiFixedPort - Intune Win32 app uninstall command (SYSTEM). Removes the product that this package installed
rem (msiexec finds its ProductCode in the package) and puts WMI back exactly as it was before the first install.
rem Return codes: 0 success, 3010 soft reboot, 1605 this version is not installed, 1618 another installation running.
"%SystemRoot%\System32\msiexec.exe" /x "%~dp0WmiFixedPort.msi" /qn /norestart /l*v "%SystemRoot%\Temp\WmiFixedPort-uninstall.log"
exit /b %ERRORLEVEL%
