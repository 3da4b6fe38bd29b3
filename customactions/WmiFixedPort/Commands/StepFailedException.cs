using System;

namespace WmiFixedPort.Commands;

/// <summary>A step of a command failed; the message names the step and the Windows error.</summary>
internal sealed class StepFailedException : Exception
{
    public StepFailedException(string step, string error)
        : base($"{step}: {error}")
    {
        Step = step;
        Error = error;
    }

    public StepFailedException()
    {
        Step = string.Empty;
        Error = string.Empty;
    }

    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = string.Empty;
        Error = message;
    }

    public string Step { get; }

    public string Error { get; }

    /// <summary>Runs one step, turning a Windows failure into a failure of that step.</summary>
    public static void Guard(string step, Action action)
    {
        try
        {
            action();
        }
        catch (Machine.WindowsOperationException ex)
        {
            throw new StepFailedException(step, ex.Message);
        }
    }

    /// <summary>Runs one step that returns a value, turning a Windows failure into a failure of that step.</summary>
    public static T Guard<T>(string step, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Machine.WindowsOperationException ex)
        {
            throw new StepFailedException(step, ex.Message);
        }
    }
}
