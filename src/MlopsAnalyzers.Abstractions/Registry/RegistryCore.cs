using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>The registry logic every store shares: argument checks, the metadata document, version resolution.</summary>
internal static class RegistryCore
{
    public static string MlNetVersion { get; } = GetMlNetVersion();

    /// <summary>Checks the arguments of a registration before anything is written; returns the registration to use.</summary>
    public static ModelRegistration ValidateRegistration(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        RegistryNames.ValidateModelName(name);
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (inputSchema is null)
        {
            throw new ArgumentNullException(nameof(inputSchema), "Register the model with the schema of the data it was fitted on (its signature), for example trainingData.Schema.");
        }

        registration ??= new ModelRegistration();
        foreach (var alias in registration.Aliases)
        {
            RegistryNames.ValidateAlias(alias, nameof(registration));
        }

        foreach (var artifact in registration.Artifacts)
        {
            RegistryNames.ValidateArtifactName(artifact.Key, nameof(registration));
            if (artifact.Value is null)
            {
                throw new ArgumentException($"The artifact '{artifact.Key}' has no content.", nameof(registration));
            }
        }

        return registration;
    }

    /// <summary>The model as ML.NET writes it, in memory (for the object stores, which upload it in one request).</summary>
    public static byte[] SaveModel(MLContext mlContext, ITransformer model, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }

    public static VersionMetadataFile.FileEntry Entry(string name, byte[] content)
        => new() { Name = name, Length = content.LongLength, Sha256 = Hashing.Sha256Hex(content) };

    /// <summary>The metadata of a new version (its number is set when it is claimed).</summary>
    public static VersionMetadataFile.Document NewDocument(string name, DataViewSchema inputSchema, ModelRegistration registration, VersionMetadataFile.FileEntry modelEntry, List<VersionMetadataFile.FileEntry> artifacts)
        => new()
        {
            FormatVersion = VersionMetadataFile.CurrentFormatVersion,
            Name = name,
            CreatedAtUtc = DateTimeOffset.UtcNow,
            MlNetVersion = MlNetVersion,
            ModelFile = modelEntry,
            InputSchema = inputSchema.Select(c => new VersionMetadataFile.ColumnEntry { Name = c.Name, Type = c.Type.ToString() ?? "", IsHidden = c.IsHidden }).ToList(),
            Seed = registration.Seed,
            SourceCommit = registration.SourceCommit ?? SourceCommit.Detect(),
            TrainingDataFingerprint = registration.TrainingDataFingerprint,
            Description = registration.Description,
            Parameters = new Dictionary<string, string>(registration.Parameters, StringComparer.Ordinal),
            Metrics = new Dictionary<string, double>(registration.Metrics, StringComparer.Ordinal),
            Tags = new Dictionary<string, string>(registration.Tags, StringComparer.Ordinal),
            Artifacts = artifacts,
        };

    public static ModelVersion ToModelVersion(VersionMetadataFile.Document d, IReadOnlyDictionary<string, int> aliases, string location)
        => new(
            d.Name!,
            d.Version,
            d.CreatedAtUtc!.Value,
            d.MlNetVersion ?? "",
            d.InputSchema!.Select(c => new ModelSchemaColumn(c.Name ?? "", c.Type ?? "", c.IsHidden)).ToList(),
            d.Seed,
            d.SourceCommit,
            d.TrainingDataFingerprint,
            d.Description,
            d.Parameters ?? new Dictionary<string, string>(),
            d.Metrics ?? new Dictionary<string, double>(),
            d.Tags ?? new Dictionary<string, string>(),
            (d.Artifacts ?? new List<VersionMetadataFile.FileEntry>()).Select(a => new ModelArtifact(a.Name ?? "", a.Length, a.Sha256 ?? "")).ToList(),
            aliases.Where(a => a.Value == d.Version).Select(a => a.Key).OrderBy(a => a, StringComparer.Ordinal).ToList(),
            location,
            new ModelArtifact(d.ModelFile!.Name ?? FileModelRegistry.ModelFileName, d.ModelFile.Length, d.ModelFile.Sha256!));

    /// <summary>Checks a version-or-alias argument before any I/O.</summary>
    public static void ValidateVersionOrAlias(string name, string versionOrAlias)
    {
        RegistryNames.ValidateModelName(name);
        if (string.IsNullOrWhiteSpace(versionOrAlias))
        {
            throw new ArgumentException("Give a version number, 'latest' or an alias.", nameof(versionOrAlias));
        }
    }

    /// <summary>
    /// The version that <paramref name="versionOrAlias"/> names among the published <paramref name="versions"/>
    /// (ascending); <paramref name="readAliases"/> is called only for an alias.
    /// </summary>
    public static int Resolve(string name, string versionOrAlias, List<int> versions, Func<Dictionary<string, int>> readAliases, string root, string aliasesLocation)
    {
        if (string.Equals(versionOrAlias, ModelAliases.Latest, StringComparison.OrdinalIgnoreCase))
        {
            return versions.Count > 0
                ? versions[versions.Count - 1]
                : throw new ModelNotFoundException($"Model '{name}' has no registered version in '{root}'.");
        }

        if (RegistryNames.TryParseVersion(versionOrAlias, out var number))
        {
            return versions.Contains(number)
                ? number
                : throw new ModelNotFoundException($"Model '{name}' has no version {number} in '{root}'{DescribeVersions(versions)}.");
        }

        var aliases = readAliases();
        if (!aliases.TryGetValue(versionOrAlias, out var aliased))
        {
            var known = aliases.Count == 0 ? "it has no alias" : "its aliases are " + string.Join(", ", aliases.Keys.OrderBy(k => k, StringComparer.Ordinal));
            throw new ModelNotFoundException($"Model '{name}' has no alias '{versionOrAlias}' in '{root}' ({known}).");
        }

        if (!versions.Contains(aliased))
        {
            throw new CorruptModelException(aliasesLocation, $"The alias '{versionOrAlias}' of model '{name}' points at version {aliased}, which does not exist ('{aliasesLocation}').");
        }

        return aliased;
    }

    public static string DescribeVersions(List<int> versions)
        => versions.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", versions)})";

    /// <summary>Checks content read back against the length and SHA-256 recorded at registration.</summary>
    public static void Verify(byte[] bytes, VersionMetadataFile.FileEntry entry, string location, string what)
    {
        if (bytes.LongLength != entry.Length || !string.Equals(Hashing.Sha256Hex(bytes), entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CorruptModelException(location, $"{what} was altered after registration: '{location}' does not match the length and SHA-256 in its metadata.");
        }
    }

    /// <summary>Loads a verified model, turning ML.NET's format errors into a registry error.</summary>
    public static ITransformer LoadModel(MLContext mlContext, byte[] bytes, string location, string name, int version, out DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new ModelRegistryException($"ML.NET could not load '{location}' (version {version} of model '{name}'): {e.Message}", e);
        }
    }

    private static string GetMlNetVersion()
    {
        var assembly = typeof(MLContext).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational!.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }

        return assembly.GetName().Version?.ToString() ?? "";
    }
}
