using System;
using System.Threading;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

internal sealed class SystemClock : IClock
{
    public DateTime UtcNow => DateTime.UtcNow;

    public void Sleep(TimeSpan duration) => Thread.Sleep(duration);
}
