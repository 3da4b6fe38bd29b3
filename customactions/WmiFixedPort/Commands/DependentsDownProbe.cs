using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// For <c>status</c> (contract interface 1, <c>dependentsDown</c>): the dependents of winmgmt the last enable noted in the
/// record as not running again, less those that run now (started since by hand or by the SCM's recovery actions).
/// A service that cannot be queried (uninstalled since) is left out.
/// </summary>
internal static class DependentsDownProbe
{
    public static IReadOnlyList<string> Read(StateRecordStore store, IServiceControl services) =>
        store.DependentsDown().Where(name => !RunsNow(services, name)).ToList();

    private static bool RunsNow(IServiceControl services, string name)
    {
        try
        {
            return services.Query(name).IsRunning;
        }
        catch (WindowsOperationException)
        {
            return true;
        }
    }
}
