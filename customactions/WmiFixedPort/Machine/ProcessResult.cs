namespace WmiFixedPort.Machine;

/// <summary>How a child process ended: its exit code (null when it was killed at the time limit) and its output.</summary>
internal sealed class ProcessResult
{
    public ProcessResult(int? exitCode, string output)
    {
        ExitCode = exitCode;
        Output = output;
    }

    public int? ExitCode { get; }

    public string Output { get; }

    public bool TimedOut => ExitCode is null;
}
