using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>Helpers to hand scripts to powershell.exe without any command-line quoting: -EncodedCommand takes
/// the script as base64 of its UTF-16LE bytes.</summary>
internal static partial class PowerShellScript
{
    /// <summary>Every script starts like this: stop on errors, no progress records on stderr, UTF-8 stdout.</summary>
    public const string Prologue =
        "$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n"
        + "try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }\n";

    public static string Encode(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Convert.ToBase64String(Encoding.Unicode.GetBytes(Prologue + script));
    }

    /// <summary>A PowerShell single-quoted literal: no expansion; a quote is written twice. PowerShell also takes
    /// the typographic single quotes (U+2018..U+201B) as quotes, so those are doubled too.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quoted = new StringBuilder("'", value.Length + 2);
        foreach (char c in value)
        {
            quoted.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('\'').ToString();
    }

    /// <summary>powershell.exe writes its error stream to a redirected stderr as CLIXML when the command was
    /// encoded ("#&lt; CLIXML" then &lt;S S="Error"&gt;...&lt;/S&gt; elements with _x000D__x000A_ escapes). Returns the
    /// error text readable; other text comes back unchanged.</summary>
    public static string ReadableErrors(string standardError)
    {
        ArgumentNullException.ThrowIfNull(standardError);
        string text = standardError.TrimStart();
        if (!text.StartsWith("#< CLIXML", StringComparison.Ordinal))
        {
            return standardError;
        }

        var errors = ErrorElement().Matches(text).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
        return XmlEscape().Replace(string.Concat(errors), m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString()).TrimEnd();
    }

    [GeneratedRegex("<S S=\"Error\">(.*?)</S>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorElement();

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_", RegexOptions.CultureInvariant)]
    private static partial Regex XmlEscape();
}
