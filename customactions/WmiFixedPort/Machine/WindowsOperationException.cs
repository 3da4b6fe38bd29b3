using System;

namespace WmiFixedPort.Machine;

/// <summary>A Windows call failed. The message names the operation and the Windows error.</summary>
internal sealed class WindowsOperationException : Exception
{
    public WindowsOperationException(string message)
        : base(message)
    {
    }

    public WindowsOperationException(string message, int errorCode)
        : base(message) => ErrorCode = errorCode;

    public WindowsOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WindowsOperationException()
    {
    }

    /// <summary>The Win32 error code, when the failure came with one.</summary>
    public int? ErrorCode { get; }
}
