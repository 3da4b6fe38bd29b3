using System;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

internal sealed class WindowsPlatform : IPlatform
{
    public bool Is64BitProcess => Environment.Is64BitProcess;

    public bool Is64BitOperatingSystem => Environment.Is64BitOperatingSystem;
}
