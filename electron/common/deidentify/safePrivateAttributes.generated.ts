// Transcribed from DICOM PS3.15 (2020 edition text), Annex E.3.10, Table E.3.10-1 "Safe Private
// Attributes": private data elements vendors documented as carrying no identity. Do not edit by
// hand except to follow a later edition. One per line: `GROUP|Private Creator|element low byte|VR|Meaning`.
export const SAFE_PRIVATE_ATTRIBUTES = `
7053|Philips PET Private Group|00|DS|SUV Factor - Multiplying stored pixel values by Rescale Slope then this factor results in SUVbw in g/l
7053|Philips PET Private Group|09|DS|Activity Concentration Factor - Multiplying stored pixel values by Rescale Slope then this factor results in MBq/ml.
00E1|ELSCINT1|21|DS|DLP
00E1|ELSCINT1|50|DS|Acquisition Duration
01E1|ELSCINT1|26|CS|Phantom Type
01F1|ELSCINT1|01|CS|Acquisition Type
01F1|ELSCINT1|07|DS|Table Velocity
01F1|ELSCINT1|26|DS|Pitch
01F1|ELSCINT1|27|DS|Rotation Time
0019|GEMS_ACQU_01|23|DS|Table Speed [mm/rotation]
0019|GEMS_ACQU_01|24|DS|Mid Scan Time [sec]
0019|GEMS_ACQU_01|27|DS|Rotation Speed (Gantry Period)
0019|GEMS_ACQU_01|9E|LO|Internal Pulse Sequence Name
0043|GEMS_PARM_01|27|SH|Scan Pitch Ratio in the form "n.nnn:1"
0045|GEMS_HELIOS_01|01|SS|Number of Macro Rows in Detector
0045|GEMS_HELIOS_01|02|FL|Macro width at ISO Center
0903|GEIIS PACS|10|US|Reject Image Flag
0903|GEIIS PACS|11|US|Significant Flag
0903|GEIIS PACS|12|US|Confidential Flag
2001|Philips Imaging DD 001|03|FL|Diffusion B-Factor
2001|Philips Imaging DD 001|04|CS|Diffusion Direction
0019|SIEMENS MR HEADER|0C|IS|B Value
0019|SIEMENS MR HEADER|0D|CS|Diffusion Directionality
0019|SIEMENS MR HEADER|0E|FD|Diffusion Gradient Direction
0019|SIEMENS MR HEADER|27|FD|B Matrix
0043|GEMS_PARM_01|39|IS|1st value is B Value
0043|GEMS_PARM_01|6F|DS|Scanner Table Entry + Gradient Coil Selected
0025|GEMS_SERS_01|07|SL|Images in Series
7E01|HOLOGIC, Inc.|01|LO|Codec Version
7E01|HOLOGIC, Inc.|02|SH|Codec Content Type
7E01|HOLOGIC, Inc.|10|SQ|High Resolution Data Sequence
7E01|HOLOGIC, Inc.|11|SQ|Low Resolution Data Sequence
7E01|HOLOGIC, Inc.|12|OB|Codec Content
0099|NQHeader|01|UI|Version
0099|NQHeader|02|UI|Analyzed Series UID
0099|NQHeader|04|SS|Return Code
0099|NQHeader|05|LT|Return Message
0099|NQHeader|10|FL|MI
0099|NQHeader|20|SH|Units
0099|NQHeader|21|FL|ICV
0199|NQLeft|01|FL|Left Cortical White Matter
0199|NQLeft|02|FL|Left Cortical Gray Matter
0199|NQLeft|03|FL|Left 3rd Ventricle
0199|NQLeft|04|FL|Left 4th Ventricle
0199|NQLeft|05|FL|Left 5th Ventricle
0199|NQLeft|06|FL|Left Lateral Ventricle
0199|NQLeft|07|FL|Left Inferior Lateral Ventricle
0199|NQLeft|08|FL|Left Inferior CSF
0199|NQLeft|09|FL|Left Cerebellar White Matter
0199|NQLeft|0A|FL|Left Cerebellar Gray Matter
0199|NQLeft|0B|FL|Left Hippocampus
0199|NQLeft|0C|FL|Left Amygdala
0199|NQLeft|0D|FL|Left Thalamus
0199|NQLeft|0E|FL|Left Caudate
0199|NQLeft|0F|FL|Left Putamen
0199|NQLeft|10|FL|Left Pallidum
0199|NQLeft|11|FL|Left Ventral Diencephalon
0199|NQLeft|12|FL|Left Nucleus Accumbens
0199|NQLeft|13|FL|Left Brain Stem
0199|NQLeft|14|FL|Left Exterior CSF
0199|NQLeft|15|FL|Left WM Hypo
0199|NQLeft|16|FL|Left Other
0299|NQRight|01|FL|Right Cortical White Matter
0299|NQRight|02|FL|Right Cortical Gray Matter
0299|NQRight|03|FL|Right 3rd Ventricle
0299|NQRight|04|FL|Right 4th Ventricle
0299|NQRight|05|FL|Right 5th Ventricle
0299|NQRight|06|FL|Right Lateral Ventricle
0299|NQRight|07|FL|Right Inferior Lateral Ventricle
0299|NQRight|08|FL|Right Inferior CSF
0299|NQRight|09|FL|Right Cerebellar White Matter
0299|NQRight|0A|FL|Right Cerebellar Gray Matter
0299|NQRight|0B|FL|Right Hippocampus
0299|NQRight|0C|FL|Right Amygdala
0299|NQRight|0D|FL|Right Thalamus
0299|NQRight|0E|FL|Right Caudate
0299|NQRight|0F|FL|Right Putamen
0299|NQRight|10|FL|Right Pallidum
0299|NQRight|11|FL|Right Ventral Diencephalon
0299|NQRight|12|FL|Right Nucleus Accumbens
0299|NQRight|13|FL|Right Brain Stem
0299|NQRight|14|FL|Right Exterior CSF
0299|NQRight|15|FL|Right WM Hypo
0299|NQRight|16|FL|Right Other
2005|Philips MR Imaging DD 001|0D|FL|Scale Intercept
2005|Philips MR Imaging DD 001|0E|FL|Scale Slope
0119|SIEMENS Ultrasound SC2000|00|LO|Acoustic Meta Information Version
0119|SIEMENS Ultrasound SC2000|01|OB|Common Acoustic Meta Information
0119|SIEMENS Ultrasound SC2000|02|SQ|Multi Stream Sequence
0119|SIEMENS Ultrasound SC2000|03|SQ|Acoustic Data Sequence
0119|SIEMENS Ultrasound SC2000|04|OB|Per Transaction Acoustic Control Information
0119|SIEMENS Ultrasound SC2000|05|UL|Acoustic Data Offset
0119|SIEMENS Ultrasound SC2000|06|UL|Acoustic Data Length
0119|SIEMENS Ultrasound SC2000|07|UL|Footer Offset
0119|SIEMENS Ultrasound SC2000|08|UL|Footer Length
0119|SIEMENS Ultrasound SC2000|09|SS|Acoustic Stream Number
0119|SIEMENS Ultrasound SC2000|10|SH|Acoustic Stream Type
0119|SIEMENS Ultrasound SC2000|11||Stage Timer Time
0119|SIEMENS Ultrasound SC2000|12||Stop Watch Time
0119|SIEMENS Ultrasound SC2000|13|IS|Volume Rate
0119|SIEMENS Ultrasound SC2000|21|SH|
0129|SIEMENS Ultrasound SC2000|00|SQ|MPR View Sequence
0129|SIEMENS Ultrasound SC2000|02|UI|Bookmark UID
0129|SIEMENS Ultrasound SC2000|03||Plane Origin Vector
0129|SIEMENS Ultrasound SC2000|04||Row Vector
0129|SIEMENS Ultrasound SC2000|05||Column Vector
0129|SIEMENS Ultrasound SC2000|06|SQ|Visualization Sequence
0129|SIEMENS Ultrasound SC2000|07|UI|Bookmark UID
0129|SIEMENS Ultrasound SC2000|08|OB|Visualization Information
0129|SIEMENS Ultrasound SC2000|09|SQ|Application State Sequence
0129|SIEMENS Ultrasound SC2000|10|OB|Application State Information
0129|SIEMENS Ultrasound SC2000|11|SQ|Referenced Bookmark Sequence
0129|SIEMENS Ultrasound SC2000|12|UI|Referenced Bookmark UID
0129|SIEMENS Ultrasound SC2000|20|SQ|Cine Parameters Sequence
0129|SIEMENS Ultrasound SC2000|21|OB|Cine Parameters Schema
0129|SIEMENS Ultrasound SC2000|22|OB|Values of Cine Parameters
0129|SIEMENS Ultrasound SC2000|29|OB|
0129|SIEMENS Ultrasound SC2000|30|CS|Raw Data Object Type
0139|SIEMENS Ultrasound SC2000|01|SL|Physio Capture ROI
0149|SIEMENS Ultrasound SC2000|01|FD|Vector of BROI Points
0149|SIEMENS Ultrasound SC2000|02|FD|Start/End Timestamps of Strip Stream
0149|SIEMENS Ultrasound SC2000|03|FD|Timestamps of Visible R-waves
7FD1|SIEMENS Ultrasound SC2000|01|OB|Acoustic Image and Footer Data
7FD1|SIEMENS Ultrasound SC2000|09|UI|Volume Version ID
7FD1|SIEMENS Ultrasound SC2000|10|OB|Volume Payload
7FD1|SIEMENS Ultrasound SC2000|11|OB|After Payload
7FD1|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|01|OB|Padding
7FD1|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|09|UI|Version ID
7FD1|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|10|OB|Volume Payload
7FD1|SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING|11|OB|After Payload
`;
