using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlopsAnalyzers.Abstractions;

/// <summary>The JSON documents of a file registry: a version's <c>metadata.json</c> and a model's <c>aliases.json</c>.</summary>
internal static class VersionMetadataFile
{
    /// <summary>The layout of <c>metadata.json</c>; a reader refuses a higher number instead of misreading it.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string path, Document document) => WriteDurably(path, Serialize(document));

    public static byte[] Serialize(Document document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static byte[] SerializeAliases(IDictionary<string, int> aliases)
        => JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, int>(aliases, StringComparer.Ordinal), Options);

    public static Document Read(string path, string expectedName, int expectedVersion)
    {
        if (!File.Exists(path))
        {
            throw new CorruptModelException(path, $"Version {expectedVersion} of model '{expectedName}' has no metadata file: '{path}' is missing.");
        }

        return Parse(File.ReadAllBytes(path), path, expectedName, expectedVersion);
    }

    /// <summary>Reads and checks a <c>metadata.json</c> document; <paramref name="path"/> names it in errors (a file path or an object URI).</summary>
    public static Document Parse(byte[] bytes, string path, string expectedName, int expectedVersion)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new CorruptModelException(path, $"The metadata of version {expectedVersion} of model '{expectedName}' is not valid JSON: '{path}' ({e.Message}).", e);
        }

        string? problem = document switch
        {
            null => "it is empty (null)",
            { FormatVersion: > CurrentFormatVersion } => $"it has format version {document.FormatVersion}, newer than this library reads ({CurrentFormatVersion}); update MlopsAnalyzers.Abstractions",
            { FormatVersion: < 1 } => "it has no formatVersion",
            _ when document.Name != expectedName => $"it names model '{document.Name}', not '{expectedName}'",
            _ when document.Version != expectedVersion => $"it names version {document.Version}, not {expectedVersion}",
            { CreatedAtUtc: null } => "it has no createdAtUtc",
            { ModelFile: null } => "it has no modelFile",
            { ModelFile.Sha256: null } => "its modelFile has no sha256",
            { InputSchema: null } => "it has no inputSchema",
            _ when document!.InputSchema!.Exists(c => c is null || c.Name is null || c.Type is null) => "its inputSchema has an entry that is null or has no name or type",
            _ when document!.Artifacts is not null && document.Artifacts.Exists(a => a is null || a.Name is null || a.Sha256 is null) => "its artifacts have an entry that is null or has no name or sha256",
            _ when HasNullValue(document!.Parameters) => "its parameters have a null value",
            _ when HasNullValue(document!.Tags) => "its tags have a null value",
            _ => null,
        };

        if (problem is not null)
        {
            throw new CorruptModelException(path, $"The metadata of version {expectedVersion} of model '{expectedName}' is invalid: {problem} ('{path}').");
        }

        return document!;
    }

    private static bool HasNullValue(Dictionary<string, string>? values)
    {
        if (values is not null)
        {
            foreach (var value in values.Values)
            {
                if (value is null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static Dictionary<string, int> ReadAliases(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        return ParseAliases(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads and checks an <c>aliases.json</c> document; <paramref name="path"/> names it in errors.</summary>
    public static Dictionary<string, int> ParseAliases(byte[] bytes, string path)
    {
        Dictionary<string, int>? aliases;
        try
        {
            aliases = JsonSerializer.Deserialize<Dictionary<string, int>>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new CorruptModelException(path, $"The alias file '{path}' is not valid JSON ({e.Message}).", e);
        }

        if (aliases is null)
        {
            throw new CorruptModelException(path, $"The alias file '{path}' is empty (null).");
        }

        foreach (var pair in aliases)
        {
            if (pair.Value < 1)
            {
                throw new CorruptModelException(path, $"The alias file '{path}' points '{pair.Key}' at version {pair.Value}, which cannot exist.");
            }
        }

        return new Dictionary<string, int>(aliases, StringComparer.Ordinal);
    }

    public static void WriteAliases(string path, IDictionary<string, int> aliases)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, ".aliases-" + Guid.NewGuid().ToString("N") + ".tmp");
        WriteDurably(temporary, SerializeAliases(aliases));
        ReplaceFile(temporary, path);
    }

    /// <summary>Writes and flushes to disk, so a rename that publishes the file never exposes a partial one.</summary>
    public static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: true);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Atomically replaces <paramref name="destination"/> (a rename on the same volume).</summary>
    private static void ReplaceFile(string source, string destination)
    {
#if NET
        File.Move(source, destination, overwrite: true);
#else
        if (File.Exists(destination))
        {
            File.Replace(source, destination, destinationBackupFileName: null);
        }
        else
        {
            File.Move(source, destination);
        }
#endif
    }

    /// <summary>The <c>metadata.json</c> document.</summary>
    internal sealed class Document
    {
        public int FormatVersion { get; set; }

        public string? Name { get; set; }

        public int Version { get; set; }

        public DateTimeOffset? CreatedAtUtc { get; set; }

        public string? MlNetVersion { get; set; }

        public FileEntry? ModelFile { get; set; }

        public List<ColumnEntry>? InputSchema { get; set; }

        public int? Seed { get; set; }

        public string? SourceCommit { get; set; }

        public string? TrainingDataFingerprint { get; set; }

        public string? Description { get; set; }

        public Dictionary<string, string>? Parameters { get; set; }

        public Dictionary<string, double>? Metrics { get; set; }

        public Dictionary<string, string>? Tags { get; set; }

        public List<FileEntry>? Artifacts { get; set; }
    }

    internal sealed class FileEntry
    {
        public string? Name { get; set; }

        public long Length { get; set; }

        public string? Sha256 { get; set; }
    }

    internal sealed class ColumnEntry
    {
        public string? Name { get; set; }

        public string? Type { get; set; }

        public bool IsHidden { get; set; }
    }
}
