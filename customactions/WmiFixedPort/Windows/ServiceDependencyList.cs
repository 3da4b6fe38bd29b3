using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace WmiFixedPort.Windows;

/// <summary>
/// QUERY_SERVICE_CONFIGW.lpDependencies: null-separated names of the services and load ordering groups that must start
/// first, doubly null-terminated; a group name is prefixed with SC_GROUP_IDENTIFIER ('+')
/// (https://learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-query_service_configw).
/// </summary>
internal static class ServiceDependencyList
{
    /// <summary>The service names in the list (null or empty: none). Groups are not services: they are left out.</summary>
    public static List<string> ServiceNames(IntPtr text)
    {
        var items = new List<string>();
        while (text != IntPtr.Zero)
        {
            string item = Marshal.PtrToStringUni(text) ?? string.Empty;
            if (item.Length == 0)
            {
                break;
            }

            if (item[0] != '+')
            {
                items.Add(item);
            }

            text += (item.Length + 1) * sizeof(char);
        }

        return items;
    }
}
