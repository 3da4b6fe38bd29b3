using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace WmiFixedPort.Wixext.Tests.TestInfrastructure;

/// <summary>
/// The symbols of a linked WiX intermediate (.wixipl: a zip holding wix-ir.json). Field positions follow WiX 5.0.2's
/// symbol definitions (src/api/wix/WixToolset.Data/Symbols/*.cs, e.g. WixActionSymbol: SequenceTable, Action, Condition,
/// Sequence, Before, After, Overridable).
/// </summary>
internal sealed class LinkedIntermediate
{
    private LinkedIntermediate(IReadOnlyList<IrSymbol> symbols, IReadOnlyList<IrLocalization> localizations)
    {
        Symbols = symbols;
        Localizations = localizations;
    }

    public IReadOnlyList<IrSymbol> Symbols { get; }

    /// <summary>The localizations the linker carried along (the binder picks them by culture).</summary>
    public IReadOnlyList<IrLocalization> Localizations { get; }

    public static LinkedIntermediate Load(string wixiplPath)
    {
        using ZipArchive zip = ZipFile.OpenRead(wixiplPath);
        ZipArchiveEntry entry = zip.GetEntry("wix-ir.json") ?? throw new InvalidDataException(wixiplPath + " holds no wix-ir.json");
        using Stream stream = entry.Open();
        using JsonDocument document = JsonDocument.Parse(stream);
        var symbols = new List<IrSymbol>();
        foreach (JsonElement section in document.RootElement.GetProperty("sections").EnumerateArray())
        {
            foreach (JsonElement symbol in section.GetProperty("symbols").EnumerateArray())
            {
                symbols.Add(IrSymbol.From(symbol));
            }
        }

        var localizations = new List<IrLocalization>();
        if (document.RootElement.TryGetProperty("localizations", out JsonElement locs))
        {
            foreach (JsonElement loc in locs.EnumerateArray())
            {
                localizations.Add(new IrLocalization(
                    loc.GetProperty("location").GetString()!,
                    loc.TryGetProperty("culture", out JsonElement culture) ? culture.GetString() : null,
                    loc.GetProperty("variables").EnumerateArray()
                        .Select(v => new IrLocVariable(
                            v.GetProperty("name").GetString()!,
                            v.GetProperty("value").GetString()!,
                            v.TryGetProperty("overridable", out JsonElement o) && o.GetBoolean()))
                        .ToArray()));
            }
        }

        return new LinkedIntermediate(symbols, localizations);
    }

    public IEnumerable<IrSymbol> OfType(string type) => Symbols.Where(s => s.Type == type);

    public IrSymbol Single(string type, string id) =>
        OfType(type).SingleOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"no {type} symbol '{id}' in the linked output");

    public bool Has(string type, string id) => OfType(type).Any(s => s.Id == id);

    /// <summary>A scheduled action of InstallExecuteSequence.</summary>
    public ScheduledAction ExecuteAction(string action) => ScheduledAction.From(Single("WixAction", "InstallExecuteSequence/" + action));

    /// <summary>A scheduled action of InstallUISequence.</summary>
    public ScheduledAction UiAction(string action) => ScheduledAction.From(Single("WixAction", "InstallUISequence/" + action));

    public CustomActionRow CustomAction(string id) => CustomActionRow.From(Single("CustomAction", id));
}

/// <summary>One symbol: type, id and its access modifier ("global", "section", ...), source file, fields as text.</summary>
internal sealed record IrSymbol(string Type, string? Id, string? Access, string? SourceFile, IReadOnlyList<string?> Fields)
{
    public static IrSymbol From(JsonElement symbol)
    {
        string type = symbol.GetProperty("type").GetString()!;
        bool hasId = symbol.TryGetProperty("id", out JsonElement idElement);
        string? id = hasId ? idElement.GetProperty("id").GetString() : null;
        string? access = hasId ? idElement.GetProperty("access").GetString() : null;
        string? file = symbol.TryGetProperty("ln", out JsonElement ln) && ln.TryGetProperty("file", out JsonElement f) ? f.GetString() : null;
        var fields = new List<string?>();
        foreach (JsonElement field in symbol.GetProperty("fields").EnumerateArray())
        {
            fields.Add(field.ValueKind == JsonValueKind.Null ? null : Text(field.GetProperty("data")));
        }

        return new IrSymbol(type, id, access, file, fields);
    }

    private static string? Text(JsonElement data) => data.ValueKind switch
    {
        JsonValueKind.String => data.GetString(),
        JsonValueKind.Number => data.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => null,
        _ => data.GetRawText(),
    };
}

/// <summary>WixActionSymbol: where an action is scheduled (relative; sequence numbers are assigned when binding).</summary>
internal sealed record ScheduledAction(string Action, string? Condition, string? Before, string? After)
{
    public static ScheduledAction From(IrSymbol symbol) => new(symbol.Fields[1]!, symbol.Fields[2], symbol.Fields[4], symbol.Fields[5]);
}

/// <summary>CustomActionSymbol: ExecutionType (0 immediate, 1024 deferred, 1280 rollback), Source, SourceType, Target, TargetType.</summary>
internal sealed record CustomActionRow(string Id, int ExecutionType, string? Source, string? Target)
{
    public const int Immediate = 0;
    public const int Deferred = 0x400;
    public const int Rollback = 0x500;

    public static CustomActionRow From(IrSymbol symbol) =>
        new(symbol.Id!, int.Parse(symbol.Fields[0]!, System.Globalization.CultureInfo.InvariantCulture), symbol.Fields[1], symbol.Fields[3]);
}

/// <summary>A localization: where it came from ("extension", "extensiondefaultculture", ...), its culture, its strings.</summary>
internal sealed record IrLocalization(string Location, string? Culture, IReadOnlyList<IrLocVariable> Variables);

internal sealed record IrLocVariable(string Name, string Value, bool Overridable);
