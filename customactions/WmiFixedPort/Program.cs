using System;
using WmiFixedPort.Cli;
using WmiFixedPort.Windows;

namespace WmiFixedPort;

internal static class Program
{
    private static int Main(string[] args)
    {
#if NETFRAMEWORK
        CrashGuard.Install();
#else
        if (OperatingSystem.IsWindows())
        {
            CrashGuard.Install();
        }
#endif
        return new CliApplication(CreateMachine, Console.Out).Run(args);
    }

    private static WindowsMachine CreateMachine()
    {
#if NETFRAMEWORK
        return new WindowsMachine();
#else
        return OperatingSystem.IsWindows()
            ? new WindowsMachine()
            : throw new PlatformNotSupportedException("WmiFixedPort.exe changes Windows services and the registry; only 'validate' and 'help' run on other systems.");
#endif
    }
}
