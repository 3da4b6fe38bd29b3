using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>
/// The linked intermediate (.wixipl) that the real WiX 5.0.2 SDK produced for the installer: a zip holding wix-ir.json,
/// every symbol the linker kept. Its path comes from the environment (.ci/run builds it first and hands it over); the
/// tests never build it themselves, so `dotnet test` needs no WiX SDK. Without the variable a test that needs it is
/// reported as skipped (Inconclusive) with the reason; with WMIFIXEDPORT_REQUIRE_WIXIPL=1 (set by .ci/run) a missing
/// output fails instead, so CI cannot go green by skipping.
/// </summary>
internal sealed class LinkedOutput
{
    public const string ShippingVariable = "WMIFIXEDPORT_WIXIPL_SHIPPING";
    public const string TestHookVariable = "WMIFIXEDPORT_WIXIPL_TESTHOOK";
    public const string RequireVariable = "WMIFIXEDPORT_REQUIRE_WIXIPL";

    private LinkedOutput(string path, IReadOnlyList<IrSymbol> symbols)
    {
        this.Path = path;
        this.Symbols = symbols;
    }

    public string Path { get; }

    public IReadOnlyList<IrSymbol> Symbols { get; }

    /// <summary>Loads the output named by <paramref name="variable"/>, or ends the calling test as skipped (or failed on CI).</summary>
    public static LinkedOutput FromEnvironment(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            var reason = $"{variable} does not name a linked installer output (.wixipl){(string.IsNullOrEmpty(path) ? string.Empty : $" ('{path}' does not exist)")}. "
                + "Build it with the real WiX SDK first: bash .ci/installer.sh, then set the variable (.ci/run does both).";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Inconclusive("Skipped: " + reason);
        }

        return Load(path);
    }

    public static LinkedOutput Load(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry("wix-ir.json") ?? throw new InvalidDataException($"{path} holds no wix-ir.json");
        using var stream = entry.Open();
        using var json = JsonDocument.Parse(stream);
        var customDefinitions = json.RootElement.TryGetProperty("definitions", out var definitions)
            ? definitions.EnumerateArray().ToDictionary(
                d => d.GetProperty("name").GetString()!,
                d => (IReadOnlyList<string>)d.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList(),
                StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var symbols = new List<IrSymbol>();
        foreach (var section in json.RootElement.GetProperty("sections").EnumerateArray())
        {
            foreach (var symbol in section.GetProperty("symbols").EnumerateArray())
            {
                symbols.Add(IrSymbol.Parse(symbol, customDefinitions));
            }
        }

        return new LinkedOutput(path, symbols);
    }

    public IEnumerable<IrSymbol> OfType(string type) => this.Symbols.Where(s => s.Type == type);
}

/// <summary>
/// One symbol of wix-ir.json. Fields are positional; <see cref="Field(int)"/> takes the index of the field in WiX's
/// symbol definition (WixToolset.Data/Symbols/*SymbolFields, tag v5.0.2), <see cref="Field(string)"/> the name for
/// extension symbols, whose definitions the file carries.
/// </summary>
internal sealed class IrSymbol
{
    private readonly IReadOnlyList<JsonElement?> _fields;
    private readonly IReadOnlyList<string>? _fieldNames;

    private IrSymbol(string type, string? id, string? access, string? sourceFile, IReadOnlyList<JsonElement?> fields, IReadOnlyList<string>? fieldNames)
    {
        this.Type = type;
        this.Id = id;
        this.Access = access;
        this.SourceFile = sourceFile;
        _fields = fields;
        _fieldNames = fieldNames;
    }

    public string Type { get; }

    public string? Id { get; }

    /// <summary>global, virtual, override, section, ...: for actions, how a later declaration may replace this one.</summary>
    public string? Access { get; }

    /// <summary>The source file the symbol came from (for telling our authoring from the extensions' wixlibs).</summary>
    public string? SourceFile { get; }

    /// <summary>True when the symbol was declared in our authoring: installer/ or the extension's wixlib. The wixlib's
    /// source files are relative to the repository root (the extension's build strips the clone's folder), installer/'s
    /// are absolute: both are resolved against the root.</summary>
    public bool IsOurs => this.SourceFile is not null
        && (System.IO.Path.GetFullPath(this.SourceFile, RepoRoot.Path).StartsWith(RepoRoot.Installer + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || System.IO.Path.GetFullPath(this.SourceFile, RepoRoot.Path).StartsWith(RepoRoot.Wixlib + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal));

    public static IrSymbol Parse(JsonElement symbol, IReadOnlyDictionary<string, IReadOnlyList<string>> customDefinitions)
    {
        var type = symbol.GetProperty("type").GetString()!;
        string? id = null, access = null, file = null;
        if (symbol.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Object)
        {
            id = idElement.GetProperty("id").GetString();
            access = idElement.TryGetProperty("access", out var a) ? a.GetString() : null;
        }

        if (symbol.TryGetProperty("ln", out var ln) && ln.ValueKind == JsonValueKind.Object && ln.TryGetProperty("file", out var f))
        {
            file = f.GetString();
        }

        var fields = symbol.TryGetProperty("fields", out var fieldArray)
            ? fieldArray.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var d) ? (JsonElement?)d.Clone() : null).ToList()
            : new List<JsonElement?>();
        return new IrSymbol(type, id, access, file, fields, customDefinitions.GetValueOrDefault(type));
    }

    public string? Field(int index)
    {
        if (index >= _fields.Count || _fields[index] is not JsonElement value)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Object when value.TryGetProperty("path", out var path) => path.GetString(),
            _ => value.GetRawText(),
        };
    }

    public string? Field(string name)
    {
        var index = _fieldNames?.ToList().IndexOf(name) ?? -1;
        return index < 0 ? throw new InvalidOperationException($"{this.Type} has no field {name}") : this.Field(index);
    }

    public int? Number(int index) => int.TryParse(this.Field(index), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public bool Flag(int index) => this.Field(index) == "true";
}
