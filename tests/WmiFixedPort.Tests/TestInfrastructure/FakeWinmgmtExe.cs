using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// winmgmt.exe as documented in shared/docs/wmi-fixed-port.md, table "What the two switches change" (public analyses
/// of wmisvc.dll's MoveToAlone / MoveToShared, restated in GitHub issue 9):
/// <c>/standalonehost [L]</c> sets ImagePath to <c>-k winmgmt</c> (Type kept), moves winmgmt from the netsvcs group
/// to the winmgmt group, creates <c>SvcHost\winmgmt</c> with CoInitializeSecurityParam=1, CoInitializeSecurityAppID,
/// AuthenticationLevel=L (2 when no level is given), ImpersonationLevel=2, AuthenticationCapabilities=0x3020, and
/// writes Endpoints only if absent; <c>/sharedhost</c> appends winmgmt to the netsvcs group and removes it from the
/// winmgmt group, <b>creates or overwrites</b> the <c>SvcHost\netsvcs</c> key's CoInitializeSecurityParam=1,
/// AuthenticationLevel=4, ImpersonationLevel=2, AuthenticationCapabilities=0x3020, and sets ImagePath to
/// <c>-k netsvcs</c> (without <c>-p</c>), leaving the winmgmt subkey and Endpoints in place. Both return 0 whatever
/// happened (winmgmt.exe discards MoveToAlone's and MoveToShared's results).
/// The ImagePath goes through the service control manager (ChangeServiceConfig), so that the SCM starts winmgmt with it
/// without a reboot: Microsoft's procedure ("Setting Up a Fixed Port for WMI",
/// learn.microsoft.com/en-us/windows/win32/wmisdk/setting-up-a-fixed-port-for-wmi) is <c>winmgmt -standalonehost</c>,
/// then <c>net stop winmgmt</c> and <c>net start winmgmt</c>, no restart of the computer; the SCM only sees a
/// configuration changed through its functions (see <see cref="FakeServiceControlManager"/>). That winmgmt.exe calls
/// ChangeServiceConfig itself is inferred from that, not read in its code.
/// </summary>
internal sealed class FakeWinmgmtExe : IWinmgmtTool
{
    public const string StandaloneImagePath = @"%systemroot%\system32\svchost.exe -k winmgmt";
    public const string SharedImagePath = @"%systemroot%\system32\svchost.exe -k netsvcs";

    private readonly FakeRegistry _registry;
    private readonly FakeClock _clock;
    private readonly FakeServiceControlManager _services;
    private readonly List<string> _runs = new();

    public FakeWinmgmtExe(FakeRegistry registry, FakeClock clock, FakeServiceControlManager services)
    {
        _registry = registry;
        _clock = clock;
        _services = services;
    }

    /// <summary>The argument lines of every run, in order.</summary>
    public IReadOnlyList<string> Runs => _runs;

    /// <summary>The exit code of the next run; its effects are applied only when it is 0, unless <see cref="ApplyBeforeFailing"/>.</summary>
    public int NextExitCode { get; set; }

    /// <summary>When true, a failing run still applies its effects first (a partial failure).</summary>
    public bool ApplyBeforeFailing { get; set; }

    /// <summary>When true, the next run never ends: the caller's timeout passes and the process is killed.</summary>
    public bool HangNextRun { get; set; }

    public ProcessResult Run(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        _runs.Add(string.Join(" ", arguments));
        if (HangNextRun)
        {
            HangNextRun = false;
            _clock.Advance(timeout);
            return new ProcessResult(null, string.Empty);
        }

        int exitCode = NextExitCode;
        NextExitCode = 0;
        if (exitCode == 0 || ApplyBeforeFailing)
        {
            Apply(arguments);
        }

        _clock.Advance(TimeSpan.FromMilliseconds(300));
        return new ProcessResult(exitCode, exitCode == 0 ? "Service successfully moved." : "Error: the operation failed.");
    }

    private void Apply(IReadOnlyList<string> arguments)
    {
        switch (arguments[0])
        {
            case "/standalonehost":
                int level = arguments.Count > 1 ? int.Parse(arguments[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
                _services.ChangeConfiguration(RegistryLocations.WinmgmtServiceName, StandaloneImagePath, serviceType: null);
                MoveGroup(from: RegistryLocations.NetsvcsGroupValue, to: RegistryLocations.WinmgmtGroupValue);
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, "CoInitializeSecurityParam", RegValue.DWord(1));
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, "CoInitializeSecurityAppID", RegValue.String("{8BC3F05E-D86B-11D0-A075-00C04FB68820}"));
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, RegistryLocations.AuthenticationLevelValue, RegValue.DWord(level));
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, "ImpersonationLevel", RegValue.DWord(2));
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, "AuthenticationCapabilities", RegValue.DWord(0x3020));
                if (_registry.GetValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue) is null)
                {
                    _registry.SetValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue, RegValue.MultiString(new[] { "ncacn_ip_tcp,0,24158" }));
                }

                break;
            case "/sharedhost":
                _services.ChangeConfiguration(RegistryLocations.WinmgmtServiceName, SharedImagePath, serviceType: null);
                MoveGroup(from: RegistryLocations.WinmgmtGroupValue, to: RegistryLocations.NetsvcsGroupValue);
                _registry.SetValue(RegistryLocations.SvcHostNetsvcsKey, "CoInitializeSecurityParam", RegValue.DWord(1));
                _registry.SetValue(RegistryLocations.SvcHostNetsvcsKey, RegistryLocations.AuthenticationLevelValue, RegValue.DWord(4));
                _registry.SetValue(RegistryLocations.SvcHostNetsvcsKey, "ImpersonationLevel", RegValue.DWord(2));
                _registry.SetValue(RegistryLocations.SvcHostNetsvcsKey, "AuthenticationCapabilities", RegValue.DWord(0x3020));
                break;
            default:
                throw new InvalidOperationException("unexpected winmgmt.exe argument " + arguments[0]);
        }
    }

    private void MoveGroup(string from, string to)
    {
        IReadOnlyList<string> source = _registry.GetValue(RegistryLocations.SvcHostKey, from)?.Lines ?? Array.Empty<string>();
        if (source.Contains(RegistryLocations.WinmgmtServiceName, StringComparer.OrdinalIgnoreCase))
        {
            _registry.SetValue(RegistryLocations.SvcHostKey, from, RegValue.MultiString(source.Where(name => !string.Equals(name, RegistryLocations.WinmgmtServiceName, StringComparison.OrdinalIgnoreCase))));
        }

        IReadOnlyList<string> target = _registry.GetValue(RegistryLocations.SvcHostKey, to)?.Lines ?? Array.Empty<string>();
        if (!target.Contains(RegistryLocations.WinmgmtServiceName, StringComparer.OrdinalIgnoreCase))
        {
            _registry.SetValue(RegistryLocations.SvcHostKey, to, RegValue.MultiString(target.Concat(new[] { RegistryLocations.WinmgmtServiceName })));
        }
    }
}
