using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// winmgmt.exe as documented in shared/docs/wmi-fixed-port.md (wmisvc.dll MoveToAlone / MoveToShared):
/// <c>/standalonehost L</c> sets ImagePath to <c>-k winmgmt</c>, moves winmgmt from the netsvcs group to the
/// winmgmt group, creates <c>SvcHost\winmgmt</c> with AuthenticationLevel = L, and writes Endpoints only if absent;
/// <c>/sharedhost</c> sets ImagePath to <c>-k netsvcs</c> (without <c>-p</c>) and moves winmgmt back, leaving the
/// subkey and Endpoints in place.
/// </summary>
internal sealed class FakeWinmgmtExe : IWinmgmtTool
{
    public const string StandaloneImagePath = @"%systemroot%\system32\svchost.exe -k winmgmt";
    public const string SharedImagePath = @"%systemroot%\system32\svchost.exe -k netsvcs";

    private readonly FakeRegistry _registry;
    private readonly FakeClock _clock;
    private readonly List<string> _runs = new();

    public FakeWinmgmtExe(FakeRegistry registry, FakeClock clock)
    {
        _registry = registry;
        _clock = clock;
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
                int level = arguments.Count > 1 ? int.Parse(arguments[1], System.Globalization.CultureInfo.InvariantCulture) : 4;
                _registry.SetValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(StandaloneImagePath));
                MoveGroup(from: RegistryLocations.NetsvcsGroupValue, to: RegistryLocations.WinmgmtGroupValue);
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, RegistryLocations.AuthenticationLevelValue, RegValue.DWord(level));
                _registry.SetValue(RegistryLocations.SvcHostWinmgmtKey, "CoInitializeSecurityAppID", RegValue.String("{8BC3F05E-D86B-11D0-A075-00C04FB68820}"));
                if (_registry.GetValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue) is null)
                {
                    _registry.SetValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue, RegValue.MultiString(new[] { "ncacn_ip_tcp,0,24158" }));
                }

                break;
            case "/sharedhost":
                _registry.SetValue(RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue, RegValue.ExpandString(SharedImagePath));
                MoveGroup(from: RegistryLocations.WinmgmtGroupValue, to: RegistryLocations.NetsvcsGroupValue);
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
