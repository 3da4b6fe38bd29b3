using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>Reads the JSON that Windows PowerShell 5.1's ConvertTo-Json writes. It has quirks: a one-element
/// array may come out as the bare element, an empty pipeline as nothing at all, and an array wrapped by the
/// extended type system as {"value":[...],"Count":n}. Every reader here accepts all of those shapes.</summary>
internal static class PowerShellJson
{
    public static IReadOnlyList<FirewallRuleSnapshot> ParseFirewallRules(string json)
    {
        using JsonDocument document = Parse(json);
        return Elements(document.RootElement).Select(ToRule).ToList();
    }

    public static IReadOnlyList<int> ParseIntegers(string json)
    {
        using JsonDocument document = Parse(json);
        return Elements(document.RootElement).Select(ToInteger).ToList();
    }

    /// <summary>The items of an array, of a {"value":[...]} wrapper, of a bare object or value; none for null.</summary>
    public static IEnumerable<JsonElement> Elements(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                return element.EnumerateArray().SelectMany(Elements).ToList();
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return Array.Empty<JsonElement>();
            case JsonValueKind.Object when IsArrayWrapper(element, out JsonElement inner):
                return Elements(inner);
            default:
                return new[] { element };
        }
    }

    public static IReadOnlyList<string> Strings(JsonElement element) => Elements(element).Select(Text).ToList();

    public static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => element.GetRawText(),
    };

    public static string Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? Text(value) : string.Empty;

    private static JsonDocument Parse(string json) =>
        JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "null" : json);

    private static bool IsArrayWrapper(JsonElement element, out JsonElement inner)
    {
        inner = default;
        return element.TryGetProperty("value", out inner) && inner.ValueKind == JsonValueKind.Array
            && element.EnumerateObject().All(p => p.NameEquals("value") || p.NameEquals("Count"));
    }

    private static int ToInteger(JsonElement element) => element.ValueKind == JsonValueKind.Number
        ? element.GetInt32()
        : int.Parse(Text(element), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static FirewallRuleSnapshot ToRule(JsonElement rule) => new(
        DisplayName: Property(rule, "DisplayName"),
        Group: Property(rule, "Group"),
        Enabled: Property(rule, "Enabled"),
        Direction: Property(rule, "Direction"),
        Action: Property(rule, "Action"),
        Profile: Property(rule, "Profile"),
        Protocol: Property(rule, "Protocol"),
        LocalPorts: ListProperty(rule, "LocalPort"),
        RemoteAddresses: ListProperty(rule, "RemoteAddress"),
        Service: Property(rule, "Service"),
        Program: Property(rule, "Program"));

    private static IReadOnlyList<string> ListProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? Strings(value) : Array.Empty<string>();
}
