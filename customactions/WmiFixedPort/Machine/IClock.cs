using System;

namespace WmiFixedPort.Machine;

internal interface IClock
{
    DateTime UtcNow { get; }

    void Sleep(TimeSpan duration);
}
