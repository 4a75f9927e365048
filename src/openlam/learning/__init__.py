"""Learning from verified trajectories: training examples, datasets and their exports."""

from openlam.learning._dataset import (
    EXPORT_FORMATS,
    BuildReport,
    DatasetStats,
    build_dataset,
    check_trainable,
    dataset_stats,
    export_dataset,
    read_examples,
)
from openlam.learning._examples import (
    PERTURBED,
    Example,
    encode_action,
    examples_from,
    space_for,
)
from openlam.learning._train import (
    ADAPTER_FILE,
    Tokenizer,
    TrainConfig,
    TrainPlan,
    TrainProgress,
    export_adapter,
    read_config,
    train,
)
from openlam.learning._trajectory import (
    TRAJECTORIES,
    Trajectory,
    read_trajectories,
    trajectory_files,
)

__all__ = [
    "ADAPTER_FILE",
    "EXPORT_FORMATS",
    "PERTURBED",
    "TRAJECTORIES",
    "BuildReport",
    "DatasetStats",
    "Example",
    "Tokenizer",
    "TrainConfig",
    "TrainPlan",
    "TrainProgress",
    "Trajectory",
    "build_dataset",
    "check_trainable",
    "dataset_stats",
    "encode_action",
    "examples_from",
    "export_adapter",
    "export_dataset",
    "read_config",
    "read_examples",
    "read_trajectories",
    "space_for",
    "train",
    "trajectory_files",
]
