using System.Runtime.Versioning;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>The real Windows pieces, composed once by Program.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsMachine : IMachine
{
    public IRegistry Registry { get; } = new WindowsRegistry();

    public IServiceControl Services { get; } = new ServiceControlManager();

    public IWinmgmtTool Winmgmt { get; } = new WinmgmtExeRunner();

    public IEventLog EventLog { get; } = new WindowsEventLog();

    public IClock Clock { get; } = new SystemClock();

    public IPlatform Platform { get; } = new WindowsPlatform();

    public IRestartSignal RestartSignal { get; } = new GlobalAtomRestartSignal();

    public ITcpListeners TcpListeners { get; } = new TcpListenerTable();

    public IProcessInfo Processes { get; } = new WindowsProcessInfo();
}
