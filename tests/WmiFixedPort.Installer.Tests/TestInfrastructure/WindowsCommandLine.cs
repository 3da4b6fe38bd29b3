using System.Collections.Generic;
using System.Text;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>
/// Splits a command line into arguments by the documented Windows rules (CommandLineToArgvW, which the .NET
/// Framework follows for Main's args): white space separates arguments outside quotes; 2n backslashes before a
/// quote give n backslashes and the quote toggles quoting; 2n+1 backslashes before a quote give n backslashes and a
/// literal quote; other backslashes are literal. The first argument (the program) is returned too.
/// </summary>
internal static class WindowsCommandLine
{
    public static IReadOnlyList<string> Split(string commandLine)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        bool inQuotes = false;
        bool started = false;
        for (int i = 0; i < commandLine.Length; i++)
        {
            char c = commandLine[i];
            if (c == '\\')
            {
                int slashes = 0;
                while (i < commandLine.Length && commandLine[i] == '\\')
                {
                    slashes++;
                    i++;
                }

                if (i < commandLine.Length && commandLine[i] == '"')
                {
                    current.Append('\\', slashes / 2);
                    if (slashes % 2 == 1)
                    {
                        current.Append('"');
                    }
                    else
                    {
                        inQuotes = !inQuotes;
                    }
                }
                else
                {
                    current.Append('\\', slashes);
                    i--;
                }

                started = true;
            }
            else if (c == '"')
            {
                inQuotes = !inQuotes;
                started = true;
            }
            else if ((c == ' ' || c == '\t') && !inQuotes)
            {
                if (started)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    started = false;
                }
            }
            else
            {
                current.Append(c);
                started = true;
            }
        }

        if (started)
        {
            arguments.Add(current.ToString());
        }

        return arguments;
    }
}
