using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>The lines that differ between two snapshots: "- " only before, "+ " only after.</summary>
internal static class SnapshotDiff
{
    public static IReadOnlyList<string> Compare(MachineSnapshot before, MachineSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(before.Render(), after.Render());
    }

    /// <summary>A multiset difference that keeps each side's order; a line present on both sides the same number
    /// of times is no difference. Ordering changes inside one value show up because the whole value is one line.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var removed = Without(before, after).Select(l => "- " + l);
        var added = Without(after, before).Select(l => "+ " + l);
        return removed.Concat(added).ToList();
    }

    /// <summary>A readable failure message: a title, then the diff lines.</summary>
    public static string Describe(string title, IReadOnlyList<string> diff) =>
        title + Environment.NewLine + string.Join(Environment.NewLine, diff);

    private static IEnumerable<string> Without(IReadOnlyList<string> lines, IReadOnlyList<string> other)
    {
        var remaining = other.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (remaining.TryGetValue(line, out int count) && count > 0)
            {
                remaining[line] = count - 1;
            }
            else
            {
                yield return line;
            }
        }
    }
}
