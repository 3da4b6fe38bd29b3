namespace WmiFixedPort.Restart;

/// <summary>
/// The dwReason of SERVICE_CONTROL_STATUS_REASON_PARAMSW that every stop sends (ControlServiceExW with
/// SERVICE_CONTROL_STATUS_REASON_INFO = 1): a planned stop of software for a reconfiguration, which the SCM stores in
/// the event log with the comment. Values from winsvc.h as Microsoft documents them
/// (learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-service_control_status_reason_paramsw, and the same values
/// in Microsoft's Win32 metadata): SERVICE_STOP_REASON_FLAG_PLANNED 0x40000000, SERVICE_STOP_REASON_MAJOR_SOFTWARE
/// 0x00040000, SERVICE_STOP_REASON_MINOR_RECONFIG 0x00000005. dwReason "must be set to a combination of one general
/// code, one major reason code, and one minor reason code"; pszComment must be under 128 characters.
/// </summary>
internal static class StopReason
{
    public const int FlagPlanned = 0x40000000;
    public const int MajorSoftware = 0x00040000;
    public const int MinorReconfig = 0x00000005;

    /// <summary>0x40040005.</summary>
    public const int PlannedReconfiguration = FlagPlanned | MajorSoftware | MinorReconfig;
}
