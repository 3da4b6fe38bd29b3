using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// The services that depend on a service, directly or not, in the order they start (dependencies first). A dependent
/// whose configuration this account may not read (its DACL denies SERVICE_QUERY_CONFIG: QueryServiceConfigW fails with
/// access denied, 5) is taken as a leaf and placed after the others, unless a readable service names it as a
/// dependency: stopped first, it cannot be stopped after a service it depends on (which would fail with 1051).
/// </summary>
internal static class DependentServices
{
    public static IReadOnlyList<string> InStartOrder(IServiceControl services, string serviceName)
    {
        var all = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>();
        pending.Enqueue(serviceName);
        while (pending.Count > 0)
        {
            foreach (string dependent in services.GetDependentServices(pending.Dequeue()))
            {
                if (!string.Equals(dependent, serviceName, StringComparison.OrdinalIgnoreCase) && all.Add(dependent))
                {
                    pending.Enqueue(dependent);
                }
            }
        }

        var dependencies = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in all)
        {
            dependencies[name] = DependenciesOrNull(services, name);
        }

        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in all.OrderBy(name => dependencies[name] is null).ThenBy(name => name, StringComparer.OrdinalIgnoreCase))
        {
            Place(name);
        }

        return ordered;

        void Place(string name)
        {
            if (placed.Contains(name) || !visiting.Add(name))
            {
                return; // placed already, or a dependency cycle (SCM forbids them; do not loop)
            }

            foreach (string dependency in (dependencies[name] ?? Array.Empty<string>()).Where(all.Contains))
            {
                Place(dependency);
            }

            placed.Add(name);
            ordered.Add(name);
        }
    }

    private static IReadOnlyList<string>? DependenciesOrNull(IServiceControl services, string name)
    {
        try
        {
            return services.GetDependencies(name);
        }
        catch (WindowsOperationException ex) when (ex.ErrorCode == ServiceErrors.AccessDenied)
        {
            return null;
        }
    }
}
