using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>What a run leaves behind: which version is registered, and how WMI is configured.</summary>
internal sealed record EndState(string Product, string Wmi)
{
    public const string NoProduct = "no product";
    public const string OriginalWmi = "WMI as before the first install";

    public static string Enabled(string port, string authLevel) => $"standalone on {port}, auth level {authLevel}";

    public override string ToString() => $"{this.Product}; {this.Wmi}";
}

/// <summary>
/// Executes the install script(s) of one msiexec run the way Windows Installer's script engine does, with a failure
/// injected before any one step, to find the end state. Sources for the semantics: a failure rolls back every step of
/// the transaction already run, running the rollback actions registered so far in reverse order (MS: "Rollback
/// Installation", "Rollback Custom Actions"); RemoveExistingProducts between InstallInitialize and InstallFinalize puts
/// the old version's removal into this transaction, before InstallInitialize it commits on its own
/// (MS: RemoveExistingProducts action; msi-conditions.md section 5).
/// The engine's commands are modelled by their documented effect on WMI: "enable --port P --auth-level L" configures
/// P/L, "restore" puts back the recorded state before the first install (a record exists once any version installed),
/// "validate" changes nothing, the test hook's "cmd.exe /c exit 1" fails, "enable" with an empty value exits 2 (fails),
/// "skip-restore" changes nothing; "restore" fails (exit 3) when the machine's record cannot be applied
/// (<see cref="Machine.RestoreRefused"/>).
/// The old version is this same authoring (an upgrade between two builds of it), or a version of the consumer's product
/// without the element (<see cref="Machine.OldCarriesElement"/> false): its removal runs none of our actions.
/// </summary>
internal static partial class TransactionModel
{
    private const string RegisterNew = "(register the new version)";
    private const string UnregisterOld = "(remove the old version's registration)";

    /// <summary>What the machine and the old version are like, beyond the registry the searches see.</summary>
    /// <param name="ExeUnusable">The exe cannot run (quarantined, deleted, .NET broken): every command of it fails.</param>
    internal sealed record Machine(bool OldCarriesElement = true, bool RestoreRefused = false, bool ExeUnusable = false)
    {
        public static readonly Machine Default = new();
    }

    /// <summary>The number of places a failure can be injected into the run (before each step).</summary>
    public static int FailurePoints(InstallerSources package, Scenario run, Scenario? oldRemoval, Machine? machine = null) =>
        BuildTransaction(package, run, oldRemoval, machine ?? Machine.Default).Steps.Count;

    public static EndState Run(InstallerSources package, Scenario run, Scenario? oldRemoval, EndState before, int? failBeforeStep, Machine? machine = null)
    {
        machine ??= Machine.Default;
        var (committedFirst, steps) = BuildTransaction(package, run, oldRemoval, machine);
        EndState? Apply(ScriptEntry step, EndState state) => ApplyStep(step, state, machine);
        var state = before;
        foreach (var step in committedFirst)
        {
            state = Apply(step, state) ?? throw new InvalidOperationException("the old version's removal failed: " + step);
        }

        var atStart = state;
        var rollback = new Stack<ScriptEntry>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            EndState? next = i == failBeforeStep ? null : step.Execute == "rollback" ? state : Apply(step, state);
            if (next is null && step.IgnoreFailure && i != failBeforeStep)
            {
                // Return="ignore" (msidbCustomActionTypeContinue): the action's failure does not end the install.
                next = state;
            }

            if (next is null)
            {
                // The step failed: run the registered rollback actions in reverse; the registration goes back to the
                // transaction's start.
                while (rollback.Count > 0)
                {
                    state = Apply(rollback.Pop(), state) ?? state;
                }

                return state with { Product = atStart.Product };
            }

            if (step.Execute == "rollback")
            {
                rollback.Push(step);
            }

            state = next;
        }

        return state;
    }

    private static (IReadOnlyList<ScriptEntry> CommittedFirst, IReadOnlyList<ScriptEntry> Steps) BuildTransaction(
        InstallerSources package, Scenario run, Scenario? oldRemoval, Machine machine)
    {
        var newRun = InstallSimulator.Run(package, run);
        if (newRun.FailedLaunchConditions.Count > 0)
        {
            throw new InvalidOperationException("launch conditions failed: " + string.Join(", ", newRun.FailedLaunchConditions));
        }

        var steps = new List<ScriptEntry>();
        var committedFirst = new List<ScriptEntry>();
        if (oldRemoval is not null)
        {
            var removal = new List<ScriptEntry> { new(UnregisterOld, "deferred", string.Empty) };
            if (machine.OldCarriesElement)
            {
                removal.AddRange(InstallSimulator.Run(package, oldRemoval).Script);
            }

            var names = ExecuteSequence.Build(package).Select(a => a.Name).ToList();
            var inTransaction = names.IndexOf("RemoveExistingProducts") > names.IndexOf("InstallInitialize");
            (inTransaction ? steps : committedFirst).AddRange(removal);
        }

        if (newRun.Refusal is not null)
        {
            throw new InvalidOperationException("refused before InstallInitialize: " + newRun.Refusal);
        }

        steps.AddRange(newRun.Script);
        // An uninstall ends by removing the product's registration; any other run registers the (new) version.
        var uninstall = string.Equals(run.Properties.GetValueOrDefault("REMOVE"), "ALL", StringComparison.OrdinalIgnoreCase);
        steps.Add(new ScriptEntry(uninstall ? UnregisterOld : RegisterNew, "deferred", string.Empty));
        return (committedFirst, steps);
    }

    /// <summary>The state after one step, or null when the step fails.</summary>
    private static EndState? ApplyStep(ScriptEntry step, EndState state, Machine machine)
    {
        if (step.Action == UnregisterOld)
        {
            return state with { Product = EndState.NoProduct };
        }

        if (step.Action == RegisterNew)
        {
            return state with { Product = "new version" };
        }

        var data = step.CustomActionData;
        if (machine.ExeUnusable && data.StartsWith('"' + InstallSimulator.ExePath + '"', StringComparison.Ordinal))
        {
            return null;
        }

        if (data.EndsWith("cmd.exe\" /c exit 1", StringComparison.Ordinal))
        {
            return null;
        }

        var enable = EnableCommand().Match(data);
        if (enable.Success)
        {
            var (port, level) = (enable.Groups["port"].Value, enable.Groups["level"].Value);
            return port.Length == 0 || level.Length == 0 ? null : state with { Wmi = EndState.Enabled(port, level) };
        }

        if (RestoreCommand().IsMatch(data))
        {
            return machine.RestoreRefused ? null : state with { Wmi = EndState.OriginalWmi };
        }

        if (SkipRestoreCommand().IsMatch(data))
        {
            return state;
        }

        return ValidateCommand().IsMatch(data) ? state : throw new InvalidOperationException("unmodelled step: " + step);
    }

    [GeneratedRegex(@"^""C:\\[^""]+\.exe"" enable --port ""(?<port>[^""]*)"" --auth-level ""(?<level>[^""]*)""( --owner ""\{[0-9A-F-]{36}\}"")?$", RegexOptions.CultureInvariant)]
    private static partial Regex EnableCommand();

    [GeneratedRegex(@"^""C:\\[^""]+\.exe"" restore( --owner ""\{[0-9A-F-]{36}\}"")?$", RegexOptions.CultureInvariant)]
    private static partial Regex RestoreCommand();

    [GeneratedRegex(@"^""C:\\[^""]+\.exe"" skip-restore$", RegexOptions.CultureInvariant)]
    private static partial Regex SkipRestoreCommand();

    [GeneratedRegex(@"^""C:\\[^""]+\.exe"" validate ", RegexOptions.CultureInvariant)]
    private static partial Regex ValidateCommand();
}
