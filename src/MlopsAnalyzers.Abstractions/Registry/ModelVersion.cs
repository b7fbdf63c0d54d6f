using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>The metadata of one registered model version, as stored in its <c>metadata.json</c>.</summary>
public sealed class ModelVersion
{
    internal ModelVersion(
        string name,
        int version,
        DateTimeOffset createdAtUtc,
        string mlNetVersion,
        IReadOnlyList<ModelSchemaColumn> inputSchema,
        int? seed,
        string? sourceCommit,
        string? trainingDataFingerprint,
        string? description,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, double> metrics,
        IReadOnlyDictionary<string, string> tags,
        IReadOnlyList<ModelArtifact> artifacts,
        IReadOnlyList<string> aliases,
        string directory,
        ModelArtifact modelFile)
    {
        Name = name;
        Version = version;
        CreatedAtUtc = createdAtUtc;
        MlNetVersion = mlNetVersion;
        InputSchema = inputSchema;
        Seed = seed;
        SourceCommit = sourceCommit;
        TrainingDataFingerprint = trainingDataFingerprint;
        Description = description;
        Parameters = parameters;
        Metrics = metrics;
        Tags = tags;
        Artifacts = artifacts;
        Aliases = aliases;
        Directory = directory;
        ModelFile = modelFile;
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The version number, from 1.</summary>
    public int Version { get; }

    /// <summary>When the version was registered, in UTC.</summary>
    public DateTimeOffset CreatedAtUtc { get; }

    /// <summary>The version of ML.NET that wrote the model.</summary>
    public string MlNetVersion { get; }

    /// <summary>The model's signature: the columns of the data it was fitted on.</summary>
    public IReadOnlyList<ModelSchemaColumn> InputSchema { get; }

    /// <summary>The training seed, when recorded.</summary>
    public int? Seed { get; }

    /// <summary>The source commit, when known.</summary>
    public string? SourceCommit { get; }

    /// <summary>The training-data fingerprint, when given.</summary>
    public string? TrainingDataFingerprint { get; }

    /// <summary>The description, when given.</summary>
    public string? Description { get; }

    /// <summary>Training parameters.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Evaluation metrics.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The extra artifacts stored with the version.</summary>
    public IReadOnlyList<ModelArtifact> Artifacts { get; }

    /// <summary>The aliases that point at this version now (not <see cref="ModelAliases.Latest"/>).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The folder that holds the version's files (for a file registry).</summary>
    public string Directory { get; }

    /// <summary>
    /// The model file (<c>model.zip</c>) as recorded at registration: its length and SHA-256, which
    /// <see cref="IModelRegistry.ReadModelFile"/> and loading check the stored file against.
    /// </summary>
    public ModelArtifact ModelFile { get; }

    /// <summary>
    /// Checks that data with <paramref name="expectedSchema"/> fits this version's signature: every visible column of
    /// <paramref name="expectedSchema"/> that the model was trained with must have the type it had in training, and at
    /// least one column must be shared. Columns the caller does not provide (a label, for example) are not required.
    /// </summary>
    /// <exception cref="ModelSchemaMismatchException">A column differs, or nothing is shared.</exception>
    public void CheckInputSchema(DataViewSchema expectedSchema)
    {
        if (expectedSchema is null)
        {
            throw new ArgumentNullException(nameof(expectedSchema));
        }

        var trained = new Dictionary<string, ModelSchemaColumn>(StringComparer.Ordinal);
        foreach (var column in InputSchema.Where(c => !c.IsHidden))
        {
            trained[column.Name] = column;
        }

        var mismatches = new List<string>();
        var shared = 0;
        foreach (var column in expectedSchema.Where(c => !c.IsHidden))
        {
            if (!trained.TryGetValue(column.Name, out var stored))
            {
                mismatches.Add($"'{column.Name}' ({column.Type}) is not an input column of the model");
                continue;
            }

            shared++;
            var type = column.Type.ToString();
            if (!string.Equals(type, stored.Type, StringComparison.Ordinal))
            {
                mismatches.Add($"'{column.Name}' is {type}, the model was trained with {stored.Type}");
            }
        }

        if (shared == 0 && mismatches.Count == 0)
        {
            mismatches.Add("the schema has no visible column");
        }

        if (mismatches.Count > 0)
        {
            throw new ModelSchemaMismatchException(
                $"The input schema does not match version {Version} of model '{Name}': {string.Join("; ", mismatches)}.",
                mismatches);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} v{Version}";
}

/// <summary>One column of a model's input schema.</summary>
public sealed class ModelSchemaColumn
{
    /// <summary>Creates a column description.</summary>
    public ModelSchemaColumn(string name, string type, bool isHidden)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? throw new ArgumentNullException(nameof(type));
        IsHidden = isHidden;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The ML.NET column type as ML.NET prints it: <c>Single</c>, <c>String</c>, <c>Vector&lt;Single, 4&gt;</c>, ...</summary>
    public string Type { get; }

    /// <summary>True for a column hidden by a later column of the same name.</summary>
    public bool IsHidden { get; }

    /// <summary>The columns of <paramref name="schema"/>.</summary>
    public static IReadOnlyList<ModelSchemaColumn> FromSchema(DataViewSchema schema)
    {
        if (schema is null)
        {
            throw new ArgumentNullException(nameof(schema));
        }

        return schema.Select(c => new ModelSchemaColumn(c.Name, c.Type.ToString() ?? "", c.IsHidden)).ToList();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}";
}

/// <summary>An extra file stored with a version.</summary>
public sealed class ModelArtifact
{
    /// <summary>Creates an artifact description.</summary>
    public ModelArtifact(string name, long length, string sha256)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Length = length;
        Sha256 = sha256 ?? throw new ArgumentNullException(nameof(sha256));
    }

    /// <summary>The artifact name.</summary>
    public string Name { get; }

    /// <summary>Its length in bytes.</summary>
    public long Length { get; }

    /// <summary>Its SHA-256, as lower-case hex.</summary>
    public string Sha256 { get; }
}
