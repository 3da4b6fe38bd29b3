using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>The services that depend on a service, directly or not, in the order they start (dependencies first).</summary>
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

        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visiting = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in all.OrderBy(name => name, StringComparer.OrdinalIgnoreCase))
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

            foreach (string dependency in services.GetDependencies(name).Where(all.Contains))
            {
                Place(dependency);
            }

            placed.Add(name);
            ordered.Add(name);
        }
    }
}
