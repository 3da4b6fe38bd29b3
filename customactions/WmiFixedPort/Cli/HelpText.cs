namespace WmiFixedPort.Cli;

internal static class HelpText
{
    public const string Usage = @"WmiFixedPort.exe - put WMI (winmgmt) on a fixed, firewall-friendly DCOM port, and put it back.

  enable   [--port <1024-65535>] [--auth-level <2-6>] [--what-if]
           Record the prior state (once), run 'winmgmt /standalonehost <level>', set the DCOM endpoint port,
           restart winmgmt and its running dependents if anything changed. Defaults: --port 24158 --auth-level 5.
  restore  [--what-if]
           Put back exactly the recorded prior state, restart if anything changed, delete the record.
  status   [--json]
           Host mode, port, auth level, whether a record exists, winmgmt state and PID.
  validate [--port P] [--auth-level L] [--remote-addresses LIST] [--firewall-profile LIST]
           Check values only; changes nothing.
  help     This text.

Auth levels: 2 CONNECT, 3 CALL, 4 PKT, 5 PKT_INTEGRITY, 6 PKT_PRIVACY.
Remote addresses: * alone, or a comma list (no spaces) of addresses, subnets, ranges a-b,
  LocalSubnet, DNS, DHCP, WINS, DefaultGateway.
Firewall profiles: all, or a comma list of domain, private, public.
Exit codes: 0 success, 1 failure (this command's changes were undone), 2 invalid arguments (nothing changed).";
}
